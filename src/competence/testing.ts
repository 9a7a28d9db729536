import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db/database.ts';
import type { TrainingIn } from './schema.ts';
import { insertTraining } from './store.ts';

/** A catalogue training with a unique title (the catalogue is shared by every test of a database). */
export function trainingBody(overrides: Partial<TrainingIn> = {}): TrainingIn {
  return {
    title: `Fiktiv webbutbildning ${randomBytes(4).toString('hex')}`,
    provider: 'Fiktiv myndighet',
    format: 'web',
    lengthMinutes: 90,
    description: '',
    targetRoles: ['caseworker', 'unit_manager'],
    requiredForRoles: ['caseworker'],
    renewalMonths: 36,
    beforeQuestioning: true,
    active: true,
    ...overrides,
  };
}

export async function makeTraining(db: Db, overrides: Partial<TrainingIn> = {}): Promise<{ id: string; title: string }> {
  const body = trainingBody(overrides);
  return { id: await insertTraining(db, body), title: body.title };
}
