import type { ColumnType, Generated } from 'kysely';
/**
 * Table types of the whole database. The core declares its own tables here; each capability
 * declares its tables in its own `tables.ts` and merges them into `Database` there
 * (`declare module '../core/db/schema.ts' { interface Database extends MyTables {} }`), so one
 * Kysely type knows every table and the core imports no capability.
 */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CoreTables {
  units: {
    id: Generated<string>;
    name: string;
    kind: string;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    /** The district the unit belongs to (organisation's 0130); null: the whole municipality. */
    district_id: Generated<string | null>;
  };
  users: {
    id: Generated<string>;
    username: string;
    display_name: string;
    email: string | null;
    kind: 'staff' | 'partner';
    partner_organisation: string | null;
    password_hash: string | null;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: number | null;
    /** The OIDC identity an administrator linked to the account: issuer and subject, both or neither. */
    oidc_issuer: string | null;
    oidc_subject: string | null;
    /** Set with a password an administrator chose: the user changes it at the next sign-in. */
    must_change_password: Generated<boolean>;
    active: Generated<boolean>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  user_roles: { user_id: string; role: string; unit_id: string | null };
  sessions: { id: string; user_id: string; created_at: Generated<Date>; last_seen_at: Generated<Date> };
  pending_sign_ins: {
    id: string;
    user_id: string;
    stage: 'totp' | 'enrol' | 'password';
    /** How the first step was done: a password, or the OIDC provider (then no password step follows). */
    method: Generated<'password' | 'oidc'>;
    candidate_secret: string | null;
    expires_at: Date;
  };
  /** Failed sign-ins per username and client, both as keyed hashes (see core/auth/throttle.ts). */
  sign_in_throttle: { username_key: string; client_key: Generated<string>; failures: number; locked_until: Date | null; last_failure_at: Generated<Date> };
  /** Rate-limit counters shared by the instances: route, client (keyed hash), its window's count and end (see core/http/rate-limit-store.ts). */
  rate_limit_counters: { bucket: string; client_key: string; hits: number; expires_at: Date };
  audit_log: {
    id: Generated<number | string>;
    at: Generated<Date>;
    actor_user_id: string | null;
    actor_role: string | null;
    actor_unit_id: string | null;
    action: string;
    record_type: string;
    record_id: string | null;
    person_id: string | null;
    /** The persons a list or search returned (0003); null otherwise. */
    person_ids: Generated<string[] | null>;
    fields: string[];
    purpose: string;
    details: unknown;
  };
  audit_seal: { audit_id: number | string; hash: string; sealed_at: Generated<Date> };
  audit_reviews: {
    id: Generated<string>;
    reviewer_id: string;
    period_from: string;
    period_to: string;
    scope: string;
    finding: string;
    chain_head_id: number | string | null;
    chain_head_hash: string | null;
    created_at: Generated<Date>;
  };
  /** The first result of a create request sent with an Idempotency-Key (0010, core/http/idempotency.ts). */
  idempotency_keys: { user_id: string; key: string; route: string; result: unknown; created_at: Generated<Date> };
  retention_settings: { record_type: string; keep_days: number; updated_by: string | null; updated_at: Generated<Date> };
  retention_runs: {
    id: Generated<string>;
    trigger: string;
    started_at: Generated<Date>;
    finished_at: Date | null;
    counts: Record<string, number>;
    /** What was past its time but kept, per record type and reason (0134, retention's migration). */
    kept: Generated<Record<string, Record<string, number>>>;
    error: string | null;
  };
  /** The municipality's preservation (bevarande, SoF 7 kap. 2 §): one row (0134, retention's migration). */
  retention_preservation: {
    id: Generated<boolean>;
    mode: 'birth_days' | 'all';
    birth_days: number[];
    decision: string | null;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends CoreTables {}
