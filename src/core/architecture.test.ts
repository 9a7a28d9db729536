import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The core knows no capability: capabilities plug in through their manifests and the registry
 * (src/capabilities.ts). Core source files import only the core and packages. Core tests that
 * exercise the assembled app may also import the registry and the test harness (src/testing/),
 * but never a capability's folder directly.
 */
const SRC = path.resolve(import.meta.dirname, '..');
const CORE = path.join(SRC, 'core');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Relative import specifiers of a file: static imports, re-exports and dynamic import(). */
export function relativeImports(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) found.add(m[1]!);
  return [...found];
}

function violations(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(CORE)) {
    if (file === import.meta.filename) continue; // its own sample below
    const isTest = /\.test\.tsx?$/.test(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(CORE + path.sep)) continue;
      if (isTest && (target === path.join(SRC, 'capabilities.ts') || target.startsWith(path.join(SRC, 'testing') + path.sep))) continue;
      out.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`);
    }
  }
  return out;
}

describe('the core imports no capability', () => {
  test('no file under src/core imports outside the core (tests: only the registry and the harness)', () => {
    expect(violations()).toEqual([]);
  });

  test('the check sees static, re-exported and dynamic imports', () => {
    const sample = `import { a } from '../../cases/store.ts';\nexport { b } from "../intake/rules.ts";\nconst c = await import('../chat/hub.ts');\nimport type { D } from 'kysely';`;
    expect(relativeImports(sample)).toEqual(['../../cases/store.ts', '../intake/rules.ts', '../chat/hub.ts']);
  });
});
