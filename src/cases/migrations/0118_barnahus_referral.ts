import { sql, type Kysely } from 'kysely';

/**
 * A referral to Barnahus keeps its date and the caseworker's comment (what was agreed, with whom),
 * as the confirmation asks for them. Referrals made before this migration have neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column barnahus_referred_on date,
      add column barnahus_referral_note text;
  `.execute(db);
}
