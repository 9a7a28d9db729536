import type { Db } from '../core/db/database.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { addMonths } from './rules.ts';
import { TrainingIn } from './schema.ts';
import { insertTraining } from './store.ts';

const ASKING_ROLES = ['caseworker', 'coordinator', 'unit_manager'];

/**
 * The national web trainings seed 001 names (Socialstyrelsen's "Sex mot ersättning" in two tracks,
 * and the trainings on trafficking), as catalogue entries. Titles follow the seed; lengths and
 * renewal intervals are invented for the demo, not the providers' figures.
 */
export const DEMO_TRAININGS: readonly TrainingIn[] = [
  {
    title: 'Sex mot ersättning – vuxna (webbutbildning)',
    provider: 'Socialstyrelsen',
    format: 'web',
    lengthMinutes: 90,
    description: 'Nationell webbutbildning: stöd till vuxna med erfarenhet av sex mot ersättning. Längd och förnyelse är demovärden.',
    targetRoles: [...ASKING_ROLES, 'chat_counsellor', 'outreach_worker'],
    requiredForRoles: ASKING_ROLES,
    renewalMonths: 36,
    beforeQuestioning: true,
    active: true,
  },
  {
    title: 'Sex mot ersättning – barn och unga (webbutbildning)',
    provider: 'Socialstyrelsen',
    format: 'web',
    lengthMinutes: 90,
    description: 'Nationell webbutbildning: stöd till barn och unga med erfarenhet av sex mot ersättning. Längd och förnyelse är demovärden.',
    targetRoles: [...ASKING_ROLES, 'chat_counsellor', 'outreach_worker'],
    requiredForRoles: [],
    renewalMonths: 36,
    beforeQuestioning: false,
    active: true,
  },
  {
    title: 'Människohandel med barn och unga (webbutbildning)',
    provider: 'Socialstyrelsen',
    format: 'web',
    lengthMinutes: 60,
    description: 'Nationell webbutbildning om människohandel med barn och unga. Längd är ett demovärde.',
    targetRoles: ASKING_ROLES,
    requiredForRoles: [],
    renewalMonths: null,
    beforeQuestioning: false,
    active: true,
  },
  {
    title: 'Sexuell exploatering av barn, prostitution och människohandel (webbutbildning)',
    provider: 'Socialstyrelsen',
    format: 'web',
    lengthMinutes: 60,
    description: 'Nationell webbutbildning. Längd är ett demovärde.',
    targetRoles: [...ASKING_ROLES, 'chat_counsellor', 'outreach_worker'],
    requiredForRoles: ['outreach_worker', 'chat_counsellor'],
    renewalMonths: null,
    beforeQuestioning: false,
    active: true,
  },
  {
    title: 'Att fråga om sex mot ersättning – metodseminarium (fiktivt)',
    provider: 'Kompetenscentrum (fiktivt)',
    format: 'seminar',
    lengthMinutes: 180,
    description: 'Seminarium med specialistverksamheterna om hur frågorna ställs, som komplement till webbutbildningen (seed 003).',
    targetRoles: ASKING_ROLES,
    requiredForRoles: [],
    renewalMonths: null,
    beforeQuestioning: false,
    active: true,
  },
];

/** The catalogue, and a few completions so the coverage page has something to show: the coordinator is trained, the caseworker not yet. */
export async function seedCompetenceDemo(db: Db): Promise<void> {
  if (await db.selectFrom('trainings').select('id').limit(1).executeTakeFirst()) return;
  await db.transaction().execute(async (tx) => {
    const ids: string[] = [];
    for (const t of DEMO_TRAININGS) ids.push(await insertTraining(tx, TrainingIn.parse(t)));
    const today = swedishDate(new Date());
    const users = await tx.selectFrom('users').select(['id', 'username']).where('username', 'in', ['samordnare', 'chef', 'uppsokare']).execute();
    const when: Record<string, string> = { samordnare: addMonths(today, -5), chef: addMonths(today, -35), uppsokare: addMonths(today, -2) };
    const rows = users.map((u) => ({ user_id: u.id, training_id: u.username === 'uppsokare' ? ids[3]! : ids[0]!, completed_on: when[u.username]!, source: 'self' as const, seminar_id: null, recorded_by: u.id }));
    if (rows.length) await tx.insertInto('training_completions').values(rows).execute();
  });
}
