import { parse as parseCsv } from 'csv-parse/sync';
import { AD_FIELDS, adRowSchema, type AdRow } from './schema.ts';

export interface RowError {
  /** 1-based line (JSON lines) or record (CSV, after the header) number. */
  row: number;
  message: string;
}

export interface ParsedInput {
  rows: Array<{ row: number; ad: AdRow }>;
  errors: RowError[];
  warnings: string[];
}

const ARRAY_FIELDS = new Set(['phones', 'emails', 'image_hashes', 'images']);

/** Parses JSON lines or CSV (chosen by the file name, or by the first character). Never throws on a bad row. */
export function parseAdFile(content: string, fileName = ''): ParsedInput {
  const isCsv = /\.csv$/i.test(fileName) || (!/\.jsonl?$/i.test(fileName) && !content.trimStart().startsWith('{'));
  const raw: Array<{ row: number; value: unknown; error?: string }> = [];
  if (isCsv) {
    let records: Array<Record<string, string>> = [];
    try {
      records = parseCsv(content, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
    } catch (err) {
      return { rows: [], errors: [{ row: 0, message: `CSV: ${(err as Error).message}` }], warnings: [] };
    }
    records.forEach((rec, k) => {
      const value: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(rec)) {
        if (v === '' || v === undefined) continue;
        value[key] = ARRAY_FIELDS.has(key) ? v.split('|').map((s) => s.trim()).filter(Boolean) : v;
      }
      raw.push({ row: k + 1, value });
    });
  } else {
    content.split(/\r?\n/).forEach((line, k) => {
      if (!line.trim()) return;
      try {
        raw.push({ row: k + 1, value: JSON.parse(line) });
      } catch {
        raw.push({ row: k + 1, value: null, error: 'not valid JSON' });
      }
    });
  }
  const unknown = new Map<string, number>();
  const out: ParsedInput = { rows: [], errors: [], warnings: [] };
  for (const r of raw) {
    if (r.error) {
      out.errors.push({ row: r.row, message: r.error });
      continue;
    }
    if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) {
      out.errors.push({ row: r.row, message: 'not an object' });
      continue;
    }
    for (const key of Object.keys(r.value)) if (!AD_FIELDS.has(key)) unknown.set(key, (unknown.get(key) ?? 0) + 1);
    const parsed = adRowSchema.safeParse(r.value);
    if (!parsed.success) {
      out.errors.push({ row: r.row, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
      continue;
    }
    out.rows.push({ row: r.row, ad: parsed.data });
  }
  for (const [key, n] of unknown) out.warnings.push(`unknown field "${key}" ignored (${n} rows)`);
  return out;
}
