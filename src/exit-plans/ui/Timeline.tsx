import { useTranslation } from 'react-i18next';

interface Bar { id: string; title: string; startsOn: string; plannedEndOn: string | null; status: string; dependsOn: string[] }

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const dayFraction = (iso: string) => (Number(iso.slice(8, 10)) - 1) / 31;

/**
 * Measures as bars over months, dependencies as arrows from the measure depended on to the one
 * resting on it. The same facts are in the measures table; the picture names itself for screen readers.
 */
export function Timeline({ measures }: { measures: readonly Bar[] }) {
  const { t, i18n } = useTranslation('exit-plans');
  if (measures.length === 0) return null;
  const start = Math.min(...measures.map((m) => monthIndex(m.startsOn)));
  const end = Math.max(...measures.map((m) => monthIndex(m.plannedEndOn ?? m.startsOn))) + 1;
  const months = Math.max(end - start, 1);
  const label = 190;
  const monthWidth = Math.max(28, Math.min(70, 600 / months));
  const row = 26;
  const width = label + months * monthWidth + 10;
  const height = 30 + measures.length * row;
  const x = (iso: string, endOfDay = false) => label + (monthIndex(iso) - start + dayFraction(iso) + (endOfDay ? 1 / 31 : 0)) * monthWidth;
  const y = (i: number) => 30 + i * row;
  const pos = new Map(measures.map((m, i) => [m.id, i]));
  const monthName = (k: number) => new Date(Date.UTC(Math.floor(k / 12), k % 12, 1)).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  return (
    <figure className="plan-timeline">
      <svg role="img" aria-label={t('timeline.label')} viewBox={`0 0 ${width} ${height}`} width="100%">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#333" />
          </marker>
        </defs>
        {Array.from({ length: months }, (_, k) => (
          <g key={k}>
            <line x1={label + k * monthWidth} x2={label + k * monthWidth} y1={18} y2={height} stroke="#ccc" />
            <text x={label + k * monthWidth + 2} y={14} fontSize="10">{monthName(start + k)}</text>
          </g>
        ))}
        {measures.map((m, i) => {
          const x0 = x(m.startsOn);
          const x1 = Math.max(x(m.plannedEndOn ?? m.startsOn, true), x0 + 4);
          const broken = m.status === 'ended' || m.status === 'refused';
          return (
            <g key={m.id}>
              <text x={4} y={y(i) + 14} fontSize="11">{m.title.length > 28 ? `${m.title.slice(0, 27)}…` : m.title}</text>
              <rect x={x0} y={y(i) + 3} width={x1 - x0} height={row - 10} rx={3} fill={broken ? '#fff' : m.status === 'completed' ? '#9bbf9b' : '#6b8fc7'} stroke="#234" strokeDasharray={broken ? '4 2' : undefined} />
              <text x={x0 + 3} y={y(i) + 14} fontSize="9" fill={broken ? '#000' : '#fff'}>{t(`status.${m.status}`)}</text>
            </g>
          );
        })}
        {measures.flatMap((m, i) =>
          m.dependsOn
            .filter((d) => pos.has(d))
            .map((d) => {
              const j = pos.get(d)!;
              const from = measures[j]!;
              const fx = Math.max(x(from.plannedEndOn ?? from.startsOn, true), x(from.startsOn) + 4);
              return <path key={`${d}-${m.id}`} d={`M ${fx} ${y(j) + row / 2} C ${fx + 20} ${y(j) + row / 2}, ${x(m.startsOn) - 20} ${y(i) + row / 2}, ${x(m.startsOn)} ${y(i) + row / 2}`} fill="none" stroke="#333" markerEnd="url(#arrow)" />;
            }),
        )}
      </svg>
    </figure>
  );
}
