import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { capabilities } from '../capabilities.ts';

/**
 * No store query on a unit-scoped table bypasses the scope. Every query on a table a manifest
 * declares in `scopedTables` either starts from the scoped base (the line applies `inScope`) or
 * says, on that line or just above it, why it need not: `// scope: by the id of a row the caller
 * loaded through casesInScope`, `// scope: system work (retention)`. The unit-scoping matrix
 * (unit-scoping.test.ts) proves the routes at run time; this keeps a new query from silently
 * skipping the filter between two runs of it.
 */
const SRC = path.resolve(import.meta.dirname, '..');
const scopedTables = capabilities.flatMap((c) => c.scopedTables ?? []);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return ['migrations', 'web', 'testing', 'system-tests', 'ui'].includes(name) ? [] : sourceFiles(full);
    return /\.ts$/.test(name) && !/\.test\.ts$|^demo\.ts$|^testing\.ts$|^tables\.ts$/.test(name) ? [full] : [];
  });
}

/** Places where a query names a scoped table without the scope or a reason. */
export function unscopedQueries(source: string, tables: readonly string[], file = 'source'): string[] {
  const names = tables.join('|');
  const query = new RegExp(`(selectFrom|updateTable|deleteFrom)\\('(${names})( as \\w+)?'\\)|\\b(from|join|update)\\s+(${names})\\b`);
  const lines = source.split('\n');
  return lines.flatMap((line, i) => {
    if (!query.test(line) || /^\s*(\*|\/\/)/.test(line)) return [];
    if (line.includes('inScope(') || /\/\/ scope: \S/.test(line)) return [];
    // The statement's first line, then the comment block right above it.
    let start = i;
    while (start > 0 && lines[start - 1]!.trim() !== '' && !/^\s*(\/\/|\*|\/\*)/.test(lines[start - 1]!) && !/[;{}]\s*$/.test(lines[start - 1]!)) start--;
    let explained = false;
    for (let j = start - 1; j >= 0 && /^\s*\/\//.test(lines[j]!); j--) if (/\/\/ scope: \S/.test(lines[j]!)) explained = true;
    return explained ? [] : [`${file}:${i + 1}: ${line.trim()}`];
  });
}

describe('queries on unit-scoped tables', () => {
  test('the manifests declare the unit-scoped tables', () => {
    expect(scopedTables).toEqual(expect.arrayContaining(['cases', 'persons', 'contacts', 'chat_escalations']));
  });

  test('every query on them applies the scope or says why it need not', () => {
    const found = sourceFiles(SRC).flatMap((f) => unscopedQueries(readFileSync(f, 'utf8'), scopedTables, path.relative(SRC, f)));
    expect(found).toEqual([]);
  });

  test('the check finds a query without the scope, and accepts a scoped or explained one', () => {
    const sample = [
      `const a = await db.selectFrom('cases as k').where('k.id', '=', id).executeTakeFirst();`,
      `const b = db.selectFrom('cases as k').where(inScope('k.unit_id', scope));`,
      `// scope: by the id of a row loaded through casesInScope`,
      `await tx.updateTable('cases').set(patch).where('id', '=', id).execute();`,
      'const c = sql`select * from cases where id = ${id}`;',
    ].join('\n');
    expect(unscopedQueries(sample, ['cases'])).toEqual([`source:1: ${sample.split('\n')[0]}`, `source:5: ${sample.split('\n')[4]}`]);
  });
});
