import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { capabilities } from './capabilities.ts';
import { PERMISSIONS } from './core/access/policy.ts';
import { collectMigrations } from './core/db/migrations.ts';

/** The manifests are complete: what the code uses, some manifest declares — once. */
const SRC = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'web' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the capability manifests', () => {
  test('capability names are unique', () => {
    const names = capabilities.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('every permission in the role table is introduced by exactly one capability', () => {
    const introducedBy = new Map<string, string[]>();
    for (const c of capabilities) for (const p of c.permissions ?? []) introducedBy.set(p, [...(introducedBy.get(p) ?? []), c.name]);
    const problems = PERMISSIONS.filter((p) => introducedBy.get(p)?.length !== 1).map((p) => `${p}: ${introducedBy.get(p)?.join(', ') ?? 'no capability'}`);
    expect(problems).toEqual([]);
  });

  test('every audit record type the code writes has a label in Swedish and English', () => {
    const labelled = new Set(capabilities.flatMap((c) => Object.keys(c.auditRecordTypes ?? {})));
    const written = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/recordType: '([a-z_]+)'/g)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((t) => !labelled.has(t))).toEqual([]);
    for (const c of capabilities) for (const [type, label] of Object.entries(c.auditRecordTypes ?? {})) expect([type, label.sv.length > 0, label.en.length > 0]).toEqual([type, true, true]);
  });

  test('every retention rule and every audit record type belongs to one capability', () => {
    const types = capabilities.flatMap((c) => Object.keys(c.auditRecordTypes ?? {}));
    expect(new Set(types).size).toBe(types.length);
    const rules = capabilities.flatMap((c) => (c.retentionRules ?? []).map((r) => r.recordType));
    expect(new Set(rules).size).toBe(rules.length);
  });

  test('migrations are named uniquely', () => {
    expect(Object.keys(collectMigrations(capabilities)).length).toBeGreaterThan(5);
    expect(() => collectMigrations([...capabilities, { name: 'copy', migrations: { '0110_cases': { up: async () => {} } } }])).toThrow(/declared twice/);
  });
});
