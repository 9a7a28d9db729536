import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';

/**
 * Chain heads kept outside the database. Whoever can rewrite the database (its owner, a
 * superuser) can delete the newest entries with their seals, or change an entry and recompute
 * every seal after it: the chain in the database then verifies. What they cannot rewrite is what
 * was recorded elsewhere: a signed line the sealer appends to a file in the data folder (and
 * prints to the application log) every few minutes, and the heads saved with log reviews. The
 * verifier checks that each recorded head is still in the chain with the same hash.
 */
export interface ChainHead {
  auditId: number;
  hash: string;
  /** Where the head was recorded: a checkpoint file line or a log review. */
  source: string;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.log';

/** The signing key, derived from the session secret (kept outside the database) for this one use. */
export function checkpointKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'utvag', 'audit-checkpoint', 32));
}

function signature(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

export function checkpointLine(key: Buffer, head: { auditId: number; hash: string }, at: Date): string {
  const body = `${at.toISOString()} ${head.auditId} ${head.hash}`;
  return `${body} ${signature(key, body)}`;
}

export interface ParsedCheckpoints {
  heads: ChainHead[];
  /** Line numbers (1-based) whose signature does not match: forged or damaged. */
  forged: number[];
}

export function parseCheckpoints(text: string, key: Buffer, source = CHECKPOINT_FILE): ParsedCheckpoints {
  const heads: ChainHead[] = [];
  const forged: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(\S+) (\d+) ([0-9a-f]{64}) ([0-9a-f]{64})$/.exec(line.trim());
    const expected = m ? Buffer.from(signature(key, `${m[1]} ${m[2]} ${m[3]}`), 'hex') : null;
    if (!m || !expected || !timingSafeEqual(expected, Buffer.from(m[4]!, 'hex'))) {
      forged.push(i + 1);
      return;
    }
    heads.push({ auditId: Number(m[2]), hash: m[3]!, source: `${source}:${i + 1}` });
  });
  return { heads, forged };
}

export async function readCheckpointFile(dataDir: string, key: Buffer): Promise<ParsedCheckpoints> {
  const text = await fs.readFile(path.join(dataDir, CHECKPOINT_FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return parseCheckpoints(text, key);
}

/** The chain heads saved with log reviews. */
export async function reviewHeads(db: Db): Promise<ChainHead[]> {
  const rows = await db
    .selectFrom('audit_reviews')
    .select(['id', 'chain_head_id', 'chain_head_hash'])
    .where('chain_head_id', 'is not', null)
    .where('chain_head_hash', 'is not', null)
    .execute();
  return rows.map((r) => ({ auditId: Number(r.chain_head_id), hash: r.chain_head_hash!, source: `log review ${r.id}` }));
}

/**
 * Writes a checkpoint of the current head when it has moved and the last one is old enough.
 * Returns the line written, or null.
 */
export class CheckpointWriter {
  private lastId = 0;
  private lastAt = 0;

  constructor(
    private readonly dataDir: string,
    private readonly key: Buffer,
    private readonly everyMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async maybeWrite(db: Db, force = false): Promise<string | null> {
    const now = this.now();
    if (!force && now.getTime() - this.lastAt < this.everyMs) return null;
    const head = await db.selectFrom('audit_seal').select(['audit_id', 'hash']).orderBy('audit_id', 'desc').limit(1).executeTakeFirst();
    if (!head || Number(head.audit_id) === this.lastId) return null;
    const line = checkpointLine(this.key, { auditId: Number(head.audit_id), hash: head.hash }, now);
    await fs.mkdir(this.dataDir, { recursive: true });
    await fs.appendFile(path.join(this.dataDir, CHECKPOINT_FILE), line + '\n', { mode: 0o600 });
    this.lastId = Number(head.audit_id);
    this.lastAt = now.getTime();
    return line;
  }
}
