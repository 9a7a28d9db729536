import { z } from 'zod';

/**
 * Writes a route's answer as its zod contract says, byte for byte what `z.encode` + JSON.stringify
 * writes, at a fraction of the cost: the contract is compiled once into a function that checks each
 * value's type and copies only the declared keys (an answer never carries a column the contract
 * does not name), then the native JSON.stringify. zod's encode walked every value of every answer
 * through its general machinery (a case page: hundreds of values) and allocated as it went.
 *
 * Only the plain parts of a contract are compiled — objects that strip, arrays, strings, numbers,
 * booleans, dates, enums, literals, nullable and optional; everything else (a format such as uuid,
 * a length check, a union, a record, a transform, a default, a loose or strict object) is handed to
 * zod itself for that part, so the result is zod's. A value of the wrong type fails the answer as
 * zod's encode would (a 500), rather than going out altered.
 */
export type Write = (value: unknown) => unknown;

export class AnswerShapeError extends Error {
  constructor(readonly path: string) {
    super(`the answer does not match its contract at ${path || '(root)'}`);
  }
}

type Def = { type: string } & Record<string, unknown>;

/**
 * The def has no keys beyond its type and `keys`. An empty `checks` list counts as none: zod gives
 * every z.number() one, and without this every plain number of every answer went through zod.
 */
const only = (def: Def, ...keys: string[]) =>
  Object.keys(def).every((k) => k === 'type' || keys.includes(k) || (k === 'checks' && Array.isArray(def.checks) && def.checks.length === 0));

function compile(schema: z.core.$ZodType, path: string): Write {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const fail = (): never => {
    throw new AnswerShapeError(path);
  };
  switch (def.type) {
    case 'string':
      if (only(def)) return (v) => (typeof v === 'string' ? v : fail());
      break;
    case 'number':
      if (only(def)) return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : fail());
      break;
    case 'boolean':
      if (only(def)) return (v) => (typeof v === 'boolean' ? v : fail());
      break;
    case 'date':
      if (only(def)) return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : fail());
      break;
    case 'unknown':
    case 'any':
      if (only(def)) return (v) => v;
      break;
    case 'enum':
      if (only(def, 'entries')) {
        const values = new Set(Object.values(def.entries as Record<string, unknown>));
        return (v) => (values.has(v) ? v : fail());
      }
      break;
    case 'literal':
      if (only(def, 'values')) {
        const values = new Set(def.values as unknown[]);
        return (v) => (values.has(v) ? v : fail());
      }
      break;
    case 'nullable':
      if (only(def, 'innerType')) {
        const inner = compile(def.innerType as z.core.$ZodType, path);
        return (v) => (v === null ? null : inner(v));
      }
      break;
    case 'optional':
      if (only(def, 'innerType')) {
        const inner = compile(def.innerType as z.core.$ZodType, path);
        return (v) => (v === undefined ? undefined : inner(v));
      }
      break;
    case 'array':
      if (only(def, 'element')) {
        const element = compile(def.element as z.core.$ZodType, `${path}[]`);
        return (v) => {
          if (!Array.isArray(v)) return fail();
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) out[i] = element(v[i]);
          return out;
        };
      }
      break;
    case 'object':
      if (only(def, 'shape') || (only(def, 'shape', 'catchall') && def.catchall === undefined)) {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        const keys = Object.keys(shape);
        const writers = keys.map((k) => compile(shape[k]!, path ? `${path}.${k}` : k));
        const optional = keys.map((k) => (shape[k] as unknown as { _zod: { optout?: string } })._zod.optout === 'optional');
        return (v) => {
          if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail();
          const record = v as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) {
            const key = keys[i]!;
            const value = record[key];
            // An optional key left out stays out, as zod leaves it.
            if (value === undefined && optional[i] && !(key in record)) continue;
            out[key] = writers[i]!(value);
          }
          return out;
        };
      }
      break;
  }
  // Not plain: zod's own encoding for this part, exactly.
  return (v) => {
    const result = z.safeEncode(schema, v as never);
    if (!result.success) throw new AnswerShapeError(path);
    return result.data;
  };
}

/** The answer's JSON for a contract; compile once per route and status, call per answer. */
export function answerWriter(schema: z.core.$ZodType): (value: unknown) => string {
  const write = compile(schema, '');
  return (value) => JSON.stringify(write(value));
}
