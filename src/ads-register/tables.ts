import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface AdsTables {
  ads_imports: {
    id: Generated<string>;
    file_name: string;
    state: 'running' | 'done' | 'failed';
    total_rows: Generated<number>;
    done_rows: Generated<number>;
    imported: Generated<number>;
    errors: Generated<unknown>;
    warnings: Generated<unknown>;
    started_at: Timestamp;
    finished_at: Timestamp | null;
    started_by: string | null;
  };
  ads_ads: {
    url: string;
    site: string | null;
    city: string | null;
    first_seen_at: Timestamp;
    last_seen_at: Timestamp;
    observations: Generated<number>;
    phone_hmacs: string[];
    email_hmacs: string[];
    image_hashes: string[];
    raw_text: string | null;
    text_signature: Buffer | null;
    group_id: string | null;
    imported_at: Timestamp;
    /** The placement order. */
    seq: Generated<number>;
    /** The raw component (links before splits and the guard), named by its first ad's seq; null: an ad on its own. */
    cluster_id: number | null;
  };
  ads_identifiers: { key: string; seq: number };
  ads_text_buckets: { key: number; band: number; seq: number };
  ads_image_buckets: { key: number; seq: number; image: string };
  ads_import_files: { import_id: string; sealed: Buffer; allow_partial: boolean };
  ads_links: { url_a: string; url_b: string; kind: string; similarity: number };
  ads_contact_attempts: {
    id: Generated<string>;
    group_id: string;
    attempted_on: string;
    channel: 'sms' | 'phone_call' | 'email' | 'site_message' | 'other';
    template: string;
    answer: 'no_answer' | 'declined' | 'wants_contact' | 'wrong_number' | 'other';
    note: string | null;
    by_user: string;
    created_at: Generated<Date>;
  };
  ads_decisions: { url_a: string; url_b: string; decision: 'confirmed' | 'split'; decided_by: string | null; decided_at: Generated<Date> };
}

declare module '../core/db/schema.ts' {
  interface Database extends AdsTables {}
}
