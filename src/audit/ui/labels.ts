import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../web/kit/index.ts';
import type { Wire } from '../../core/http/wire.ts';
import { fieldLabel, purposeLabel, recordTypeLabel, type AuditLabels } from '../labels.ts';

/**
 * The log's record types, purposes and field names in the user's language, from the capability
 * manifests (GET /api/audit/labels); what has no label (an old entry, a reason someone wrote) as written.
 */
export function useAuditLabels() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const { data, error } = useApiData<Wire<AuditLabels>>('/api/audit/labels');
  return useMemo(() => {
    const labels: AuditLabels = data ?? { recordTypes: {}, purposes: {}, fields: {} };
    return {
      error,
      recordType: (type: string) => recordTypeLabel(labels, type, lang),
      purpose: (purpose: string) => purposeLabel(labels, purpose, lang),
      fields: (recordType: string, fields: readonly string[]) => fields.map((f) => fieldLabel(labels, recordType, f, lang)).join(', '),
      recordTypeOptions: Object.entries(labels.recordTypes)
        .map(([type, label]) => [type, label[lang]] as [string, string])
        .sort((a, b) => a[1].localeCompare(b[1], lang)),
    };
  }, [data, error, lang]);
}
