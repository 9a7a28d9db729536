import type { Generated } from 'kysely';

export interface PortalTables {
  portal_page_versions: {
    id: Generated<string>;
    slug: string;
    lang: string;
    version: number;
    title: string;
    body: string;
    status: Generated<'draft' | 'published'>;
    created_by: string | null;
    created_at: Generated<Date>;
    published_by: string | null;
    published_at: Date | null;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends PortalTables {}
}
