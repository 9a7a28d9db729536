import type { ActorOut, ChainOut, EntryOut, ReviewOut } from '../schema.ts';

/** The shapes the audit API returns: its contract in ../schema.ts, as JSON. */
export type AuditEntry = EntryOut;
export type Actor = ActorOut;
export type ChainResult = ChainOut;
export type Review = ReviewOut;
