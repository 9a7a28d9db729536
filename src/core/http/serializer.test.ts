import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { AnswerShapeError, answerWriter } from './serializer.ts';

const viaZod = (schema: z.core.$ZodType, value: unknown) => JSON.stringify(z.encode(schema, value as never));

/** An account as a contract has it (the shape of organisation's User; the core imports no capability). */
const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  kind: z.enum(['staff', 'partner']),
  partnerOrganisation: z.string().nullable(),
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  oidcIdentity: z.object({ issuer: z.string(), subject: z.string() }).nullable(),
  version: z.number(),
  grants: z.array(z.object({ role: z.enum(['caseworker', 'administrator']), unitId: z.string().nullable() })),
});

const Mixed = z.object({
  id: z.uuid(),
  name: z.string(),
  short: z.string().max(3),
  count: z.number(),
  ok: z.boolean(),
  at: z.date(),
  closedAt: z.date().nullable(),
  status: z.enum(['open', 'closed']),
  kind: z.literal('case'),
  note: z.string().optional(),
  extra: z.unknown(),
  tags: z.array(z.string()),
  either: z.union([z.string(), z.number()]),
  byKey: z.record(z.string(), z.number()),
  loose: z.looseObject({ a: z.string() }),
  nested: z.array(z.object({ x: z.number().nullable(), y: z.object({ z: z.string() }) })),
});

const good = {
  id: '6f1b1c0e-1234-4abc-8def-0123456789ab',
  name: 'Ärende "ett"\n',
  short: 'abc',
  count: 2.5,
  ok: false,
  at: new Date('2026-03-01T10:00:00.123Z'),
  closedAt: null,
  status: 'open',
  kind: 'case',
  extra: { anything: [1, 'two'] },
  tags: ['a', 'b'],
  either: 3,
  byKey: { a: 1 },
  loose: { a: 'x', kept: true },
  nested: [{ x: null, y: { z: 'z', dropped: 1 } }],
  // Not in the contract: never in the answer.
  person_id: 'secret',
};

describe('the answer writer', () => {
  test('writes exactly what zod writes, unknown keys left out (plain and non-plain parts)', () => {
    const write = answerWriter(Mixed);
    expect(write(good)).toBe(viaZod(Mixed, good));
    expect(write(good)).not.toContain('secret');
    expect(write(good)).not.toContain('dropped');
    const withNote = { ...good, note: 'n', closedAt: new Date('2026-04-01T00:00:00Z') };
    expect(write(withNote)).toBe(viaZod(Mixed, withNote));
  });

  test('an account as the contract has it', () => {
    const account = {
      id: '6f1b1c0e-1234-4abc-8def-0123456789ab',
      username: 'a.b',
      displayName: 'A B',
      email: null,
      kind: 'staff',
      partnerOrganisation: null,
      active: true,
      mfaEnrolled: true,
      oidcIdentity: { issuer: 'https://idp', subject: 's' },
      version: 3,
      grants: [{ role: 'caseworker', unitId: '6f1b1c0e-1234-4abc-8def-0123456789ab' }, { role: 'administrator', unitId: null }],
      password_hash: 'never',
    };
    expect(answerWriter(User)(account)).toBe(viaZod(User, account));
    expect(answerWriter(User)(account)).not.toContain('never');
  });

  test('plain parts are written by the compiled writer, and only parts with checks are handed to zod', () => {
    const plain = { text: z.string(), count: z.number(), ok: z.boolean(), status: z.enum(['open']), at: z.date() };
    const checked = { whole: z.number().int(), short: z.string().max(3) };
    const value = { text: 't', count: 2.5, ok: true, status: 'open', at: new Date('2026-03-01T10:00:00Z'), whole: 2, short: 'abc' };
    const schema = z.object({ ...plain, ...checked });
    const expected = viaZod(schema, value);
    const write = answerWriter(schema);
    const runs = (schemas: Record<string, z.ZodType>) => Object.values(schemas).map((part) => vi.spyOn(part._zod, 'run'));
    const plainRuns = runs(plain);
    const checkedRuns = runs(checked);
    expect(write(value)).toBe(expected);
    for (const run of plainRuns) expect(run).not.toHaveBeenCalled();
    for (const run of checkedRuns) expect(run).toHaveBeenCalled();
  });

  test.each([
    ['a string where a number is due', { count: '2' }],
    ['a missing required value', { name: undefined }],
    ['null where none is allowed', { ok: null }],
    ['a value outside the enum', { status: 'archived' }],
    ['a string where a date is due', { at: '2026-03-01' }],
    ['an infinite number', { count: Infinity }],
    ['a format zod checks (uuid)', { id: 'not-a-uuid' }],
    ['a length zod checks', { short: 'abcd' }],
    ['a wrong value deep down', { nested: [{ x: 'one', y: { z: 'z' } }] }],
  ])('refuses %s, as zod does', (_label, change) => {
    const bad = { ...good, ...change };
    expect(() => z.encode(Mixed, bad as never)).toThrow();
    expect(() => answerWriter(Mixed)(bad)).toThrow(AnswerShapeError);
  });
});
