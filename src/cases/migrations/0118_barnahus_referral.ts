import { sql, type Kysely } from 'kysely';

/**
 * A referral to Barnahus keeps the caseworker's comment (its date is 0116's barnahus_referred_on) (what was agreed, with whom),
 * as the confirmation asks for them. Referrals made before this migration have neither.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases
      add column barnahus_referral_note text;
  `.execute(db);
}
