import type { Capability, Label } from '../core/capability.ts';

/**
 * The words the log review shows for what the log stores as code: record types, purposes and field
 * names, each in Swedish and English. One source: the capability manifests (`auditRecordTypes`,
 * `auditPurposes`, `auditFields`); a test fails when something written has no label. Plain functions
 * without zod, so the web app uses them too (its contract, AuditLabelsOut, is in schema.ts).
 */
export interface AuditLabels {
  recordTypes: Record<string, Label & { capability: string }>;
  purposes: Record<string, Label>;
  /** Per capability: its fields' labels (a field name may mean different things in two capabilities). */
  fields: Record<string, Record<string, Label>>;
}

export function auditLabelsOf(capabilities: readonly Capability[]): AuditLabels {
  const labels: AuditLabels = { recordTypes: {}, purposes: {}, fields: {} };
  for (const c of capabilities) {
    for (const [type, label] of Object.entries(c.auditRecordTypes ?? {})) labels.recordTypes[type] = { ...label, capability: c.name };
    Object.assign(labels.purposes, c.auditPurposes ?? {});
    if (c.auditFields) labels.fields[c.name] = c.auditFields;
  }
  return labels;
}

/** A record type's label; an unknown one (an old entry) as written. */
export function recordTypeLabel(labels: AuditLabels, type: string, lang: 'sv' | 'en'): string {
  return labels.recordTypes[type]?.[lang] ?? type;
}

/** A purpose's label; a purpose the user wrote (a reason given for opening a protected record) as written. */
export function purposeLabel(labels: AuditLabels, purpose: string, lang: 'sv' | 'en'): string {
  return labels.purposes[purpose]?.[lang] ?? purpose;
}

/** A field's label: the one of the record type's capability first, then any capability's, else as written. */
export function fieldLabel(labels: AuditLabels, recordType: string, field: string, lang: 'sv' | 'en'): string {
  const own = labels.fields[labels.recordTypes[recordType]?.capability ?? '']?.[field];
  if (own) return own[lang];
  for (const fields of Object.values(labels.fields)) if (fields[field]) return fields[field][lang];
  return field;
}
