/**
 * The top items of a V8 CPU profile (node --cpu-prof, or BENCH_PROFILE of bench/cases.ts): self
 * time by function and by package (node_modules/<package>, node internals, Utväg's own files).
 *
 *   npx tsx bench/profile-top.ts <file.cpuprofile> [how many]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  if (!url) return '(native/VM)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node';
  const s = /\/(src|bench)\/(.*)$/.exec(url);
  return s ? `${s[1]}/${s[2]}` : url;
}
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const w = where(n.callFrame.url);
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${w}${n.callFrame.url ? ':' + (n.callFrame.lineNumber + 1) : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const pkg = w.startsWith('src/') ? 'utvag ' + w.split('/').slice(0, 3).join('/') : w;
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
console.log('\nSelf time by package / place');
for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${pct(us)}  ${k}`);
console.log('\nSelf time by function');
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${pct(us)}  ${k}`);

// Total (inclusive) time of Utväg's own functions: where the request path spends its time.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const w = where(n.callFrame.url);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${w}:${n.callFrame.lineNumber + 1}`;
    if (!/^(src|bench)\//.test(w) && !/^(fastify|fastify-type-provider-zod|helmet|kysely|pg)$/.test(w)) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
console.log('\nTotal time (with callees) of Utväg functions and the request path (fastify, zod provider, helmet, kysely, pg)');
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(top) + 10)) console.log(`  ${pct(us)}  ${k}`);
