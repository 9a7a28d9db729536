import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from '../db/database.ts';

/** The values a prepared read takes as parameters: ids, and lists of ids (a scope's units). */
export type Slots = Record<string, string | readonly string[]>;

/**
 * A hot read's query, built and compiled once per shape and then only given its parameters.
 * Building and compiling a Kysely query costs more CPU than the rest of an audited read's request
 * (some 40–100 µs and its garbage, against a request of a few hundred); the SQL text of a given
 * shape never changes, only the values do.
 *
 * `build` is called once per shape with stand-in values in the slots; the compiled query's
 * parameters that are stand-ins are then replaced by each call's own values. A slot must reach the
 * SQL only as a parameter: a builder that branches on a slot's value or writes it into the text
 * would make the template wrong for other values, so this refuses one whose stand-ins do not all
 * come back as parameters, or come back in the text. What does change the SQL goes in `fixed`
 * (e.g. whether a scope is every unit): each distinct `fixed`, and each length of a list slot, is
 * a shape of its own.
 */
export function prepared<S extends Slots, F extends Record<string, string | number | boolean | null> = Record<never, never>, Row = unknown>(
  build: (db: Executor, slots: S, fixed: F) => Compilable<Row>,
): (db: Executor, slots: S, fixed?: F) => CompiledQuery<Row> {
  const templates = new Map<string, { query: CompiledQuery<Row>; fill: Array<(slots: S) => unknown> }>();
  return (db, slots, fixed = {} as F) => {
    const keys = Object.keys(slots);
    let shape = keys.length === 0 ? '' : keys.map((k) => (typeof slots[k] === 'string' ? k : `${k}[${slots[k]!.length}]`)).join(',');
    for (const k in fixed) shape += `|${k}=${String(fixed[k])}`;
    let template = templates.get(shape);
    if (!template) {
      template = makeTemplate(build, db, slots, fixed);
      templates.set(shape, template);
    }
    const fill = template.fill;
    const parameters = new Array<unknown>(fill.length);
    for (let i = 0; i < fill.length; i++) parameters[i] = fill[i]!(slots);
    return { ...template.query, parameters };
  };
}

let counter = 0;
/** A stand-in no real value is: a version-4 UUID (so a builder that expects ids gets one) with a marker. */
function standIn(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${(0xa000_0000_0000 + counter).toString(16)}`;
}

function makeTemplate<S extends Slots, F, Row>(build: (db: Executor, slots: S, fixed: F) => Compilable<Row>, db: Executor, slots: S, fixed: F) {
  const standIns = new Map<string, { key: string; index: number | null }>();
  const stand: Record<string, string | string[]> = {};
  for (const key of Object.keys(slots)) {
    const value = slots[key]!;
    if (typeof value === 'string') {
      const s = standIn();
      standIns.set(s, { key, index: null });
      stand[key] = s;
    } else {
      stand[key] = value.map((_, index) => {
        const s = standIn();
        standIns.set(s, { key, index });
        return s;
      });
    }
  }
  const query = build(db, stand as unknown as S, fixed).compile();
  const seen = new Set<string>();
  const fill = query.parameters.map((p): ((slots: S) => unknown) => {
    if (typeof p === 'string' && standIns.has(p)) {
      seen.add(p);
      const { key, index } = standIns.get(p)!;
      return index === null ? (s) => s[key] : (s) => (s[key] as readonly string[])[index];
    }
    if (Array.isArray(p) && p.length > 0 && p.every((e) => typeof e === 'string' && standIns.has(e))) {
      const { key } = standIns.get(p[0] as string)!;
      if (p.every((e, i) => standIns.get(e as string)!.key === key && standIns.get(e as string)!.index === i) && p.length === (stand[key] as string[]).length) {
        for (const e of p) seen.add(e as string);
        return (s) => s[key];
      }
    }
    if (containsStandIn(p, standIns)) throw new Error('prepared: a slot value is part of a parameter it does not fill alone');
    return () => p;
  });
  for (const s of standIns.keys()) {
    if (!seen.has(s)) throw new Error('prepared: a slot value did not come back as a parameter (the builder must not branch on it)');
    if (query.sql.includes(s)) throw new Error('prepared: a slot value was written into the SQL text');
  }
  return { query, fill };
}

function containsStandIn(p: unknown, standIns: Map<string, unknown>): boolean {
  if (typeof p === 'string') return standIns.has(p) || [...standIns.keys()].some((s) => p.includes(s));
  if (Array.isArray(p)) return p.some((e) => containsStandIn(e, standIns));
  return false;
}
