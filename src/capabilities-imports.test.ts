import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Capabilities depend on each other in one direction only (intake → cases → persons,
 * questions → cases): no two capability folders import each other, directly or round a longer
 * loop. A capability folder is a folder directly under src/ other than the shared ones below.
 * Type-only imports count (they couple the contracts just the same); tests do not (a test may
 * drive the assembled app through several capabilities).
 */
const SRC = import.meta.dirname;
const NOT_CAPABILITIES = new Set(['core', 'testing', 'system-tests', 'web', 'cli', 'demo']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Relative import specifiers of a file: static and type imports, re-exports and dynamic import(). */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** Which capability folders each capability folder imports from. */
function capabilityGraph(): Map<string, Set<string>> {
  const folders = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory() && !NOT_CAPABILITIES.has(name));
  const graph = new Map(folders.map((f) => [f, new Set<string>()]));
  for (const folder of folders) {
    for (const file of filesUnder(path.join(SRC, folder))) {
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
        if (target !== folder && graph.has(target)) graph.get(folder)!.add(target);
      }
    }
  }
  return graph;
}

/** Every loop in the graph, each written once as `a → b → … → a` (starting from its smallest name). */
function importCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  const walk = (start: string, node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) cycles.add([...trail, start].join(' → '));
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return [...cycles].sort();
}

describe('capabilities import each other in one direction', () => {
  test('no import cycle between capability folders', () => {
    const graph = capabilityGraph();
    expect(graph.get('intake')).toContain('cases');
    expect(importCycles(graph)).toEqual([]);
  });

  test('the check finds a two-way import and a longer loop, and passes a one-way graph', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(importCycles(g({ cases: ['intake', 'persons'], intake: ['cases'], persons: [] }))).toEqual(['cases → intake → cases']);
    expect(importCycles(g({ questions: ['cases'], cases: ['persons'], persons: ['questions'] }))).toEqual(['cases → persons → questions → cases']);
    expect(importCycles(g({ intake: ['cases', 'persons'], cases: ['persons'], questions: ['cases'], persons: [] }))).toEqual([]);
    expect(relativeImports(`import type { A } from '../cases/schema.ts';\nexport { b } from "../persons/rules.ts";\nawait import('../chat/hub.ts');`)).toEqual([
      '../cases/schema.ts',
      '../persons/rules.ts',
      '../chat/hub.ts',
    ]);
  });
});
