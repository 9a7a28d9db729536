import { sql, type Kysely } from 'kysely';

/**
 * An OIDC identity is its issuer and its subject (a subject is unique only per issuer): both are
 * kept, and a binding is matched by both. Bindings made before kept them as `issuer#subject` in
 * one column (an issuer has no fragment, so the first '#' separates them); one without it is
 * dropped (an administrator links it again).
 *
 * A pending sign-in remembers how its first step was done: after an OIDC sign-in, Utväg's own TOTP
 * step may follow, and no password step does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column oidc_issuer text;
    update users set oidc_subject = null where oidc_subject is not null and strpos(oidc_subject, '#') = 0;
    update users
       set oidc_issuer = left(oidc_subject, strpos(oidc_subject, '#') - 1),
           oidc_subject = substr(oidc_subject, strpos(oidc_subject, '#') + 1)
     where oidc_subject is not null;
    alter table users drop constraint if exists users_oidc_subject_key;
    alter table users add constraint users_oidc_identity_key unique (oidc_issuer, oidc_subject);
    alter table users add constraint users_oidc_identity_whole check ((oidc_issuer is null) = (oidc_subject is null));

    alter table pending_sign_ins add column method text not null default 'password' check (method in ('password', 'oidc'));
  `.execute(db);
}
