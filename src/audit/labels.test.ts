import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { capabilities, retentionRules } from '../capabilities.ts';
import { auditLabelsOf, fieldLabel, purposeLabel, recordTypeLabel } from './labels.ts';

const SRC = path.join(import.meta.dirname, '..');

/** The application's source files: not tests, test helpers, nor the web UI's texts. */
function sourceFiles(): Array<{ file: string; text: string }> {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes(`${path.sep}ui${path.sep}`) && !f.includes('testing') && !f.startsWith(`demo${path.sep}`))
    .map((f) => ({ file: f, text: readFileSync(path.join(SRC, f), 'utf8') }));
}

const labels = auditLabelsOf(capabilities);
const labelled = (l: { sv: string; en: string } | undefined) => !!l && l.sv.trim().length > 0 && l.en.trim().length > 0;

describe('the log review and the retention settings show words, not code', () => {
  test('every purpose the code records has a Swedish and an English label, declared by one capability', () => {
    const written = new Set<string>();
    for (const { text } of sourceFiles()) for (const m of text.matchAll(/\b(?:auditPurpose|purpose): '([^']+)'/g)) written.add(m[1]!);
    expect(written.size).toBeGreaterThan(15);
    expect([...written].filter((p) => !labelled(labels.purposes[p]))).toEqual([]);
    const declared = capabilities.flatMap((c) => Object.keys(c.auditPurposes ?? {}));
    expect(declared.filter((p, i) => declared.indexOf(p) !== i)).toEqual([]);
  });

  test('every field name the code lists in an audit entry has a label', () => {
    const written = new Set<string>();
    for (const { text } of sourceFiles()) {
      // What follows `fields:` on its line, up to the entry's next part (its details, its purpose).
      for (const m of text.matchAll(/fields: ([^'{].*)$/gm)) for (const f of m[1]!.split(/details:|purpose:|\}\)/)[0]!.matchAll(/'([a-zA-Z_.]+)'/g)) written.add(f[1]!);
      for (const m of text.matchAll(/const [A-Z_]*FIELDS[^=]*= \[([^\]]*)\]/g)) for (const f of m[1]!.matchAll(/'([a-zA-Z_.]+)'/g)) written.add(f[1]!);
    }
    expect(written.size).toBeGreaterThan(100);
    const all = Object.assign({}, ...Object.values(labels.fields)) as Record<string, { sv: string; en: string }>;
    expect([...written].filter((f) => !labelled(all[f]))).toEqual([]);
  });

  test('every retention rule’s record type has a label (the retention settings show it in words)', () => {
    expect(retentionRules.length).toBeGreaterThan(5);
    expect(retentionRules.map((r) => r.recordType).filter((t) => !labelled(labels.recordTypes[t]))).toEqual([]);
    expect(labels.recordTypes.sign_in_residue).toMatchObject({ sv: 'Kvarlämnade inloggningsförsök' });
  });

  test('labels in the user’s language; the record type’s own capability names its fields; what has no label shows as written', () => {
    expect(recordTypeLabel(labels, 'journal_entry', 'sv')).not.toBe('journal_entry');
    expect(purposeLabel(labels, 'case work', 'sv')).toBe('Handläggning');
    expect(purposeLabel(labels, 'case work', 'en')).toBe('Case work');
    expect(purposeLabel(labels, 'Kallelse till möte behöver skickas', 'en')).toBe('Kallelse till möte behöver skickas');
    expect(fieldLabel(labels, 'person', 'birthYear', 'sv')).toBe('Födelseår');
    expect(fieldLabel(labels, 'person', 'noSuchField', 'sv')).toBe('noSuchField');
  });
});
