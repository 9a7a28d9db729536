/** The shapes the audit API returns (see ../routes.ts). */
export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorUnit: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  personId: string | null;
  fields: string[];
  purpose: string;
}

export interface Actor {
  id: string;
  displayName: string;
  username: string;
}

export interface ChainResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  head: { id: number; hash: string } | null;
  firstBroken: { auditId: number; problem: string } | null;
}

export interface Review {
  id: string;
  reviewer: string;
  periodFrom: string;
  periodTo: string;
  scope: string;
  finding: string;
  chainHeadId: number | null;
  createdAt: string;
}
