import PDFDocument from 'pdfkit';
import { stringify } from 'csv-stringify/sync';
import { escapeHtml } from '../chat/visitor/page.ts';
import { categoryLabel, INDICATOR_LABELS, TOTAL, WHOLE_MUNICIPALITY } from './labels.ts';
import { shownCell } from './rules.ts';
import type { NationalOut, StatisticsOut, StatisticsTable } from './schema.ts';

type Lang = 'sv' | 'en';
export type ReportKind = 'annual' | 'crime-picture';

const TITLES: Record<ReportKind, { sv: string; en: string }> = {
  annual: { sv: 'Årsvis sammanställning', en: 'Annual compilation' },
  'crime-picture': { sv: 'Lägesbild: prostitution, människohandel och sexuell exploatering (PMM)', en: 'Crime picture: prostitution, trafficking and sexual exploitation (PMM)' },
};

const INTRO: Record<ReportKind, { sv: string; en: string }> = {
  annual: {
    sv: 'Sammanställningen räknar kommunens ärenden om prostitution, människohandel och sexuell exploatering under året, per enhet.',
    en: 'The compilation counts the municipality’s cases about prostitution, trafficking and sexual exploitation during the year, per unit.',
  },
  'crime-picture': {
    sv: 'Avsnittet om prostitution, människohandel och sexuell exploatering i kommunens lägesbild enligt lagen (2023:196) om kommunernas ansvar för brottsförebyggande arbete.',
    en: 'The section on prostitution, trafficking and sexual exploitation of the municipal crime picture under the Act (2023:196) on municipal responsibility for crime prevention.',
  },
};

const SUPPRESSION_NOTE = (threshold: number): { sv: string; en: string } => ({
  sv: `Antal under ${threshold} visas som "<${threshold}". För att ett dolt antal inte ska kunna räknas fram ur summorna döljs även andra celler, markerade "x".`,
  en: `Counts under ${threshold} are shown as "<${threshold}". So that a hidden count cannot be worked out from the totals, other cells are hidden too, marked "x".`,
});

/** The columns of a table, as headings: unit names, or the whole municipality. */
function columnNames(r: StatisticsOut, t: StatisticsTable, lang: Lang): string[] {
  const names = new Map(r.units.map((u) => [u.id, u.name]));
  return t.columns.map((c) => (c === '' ? WHOLE_MUNICIPALITY[lang] : (names.get(c) ?? c)));
}

/** The report's tables in order, each with its heading, definition, headings and rows of shown text. */
function plainTables(r: StatisticsOut, lang: Lang) {
  return r.tables.map((t) => {
    const single = t.columns.length === 1;
    const header = ['', ...columnNames(r, t, lang), ...(single ? [] : [TOTAL[lang]])];
    const rows = t.rows.map((row, i) => [categoryLabel(row, lang), ...t.cells[i]!.map((c) => shownCell(c, r.threshold)), ...(single ? [] : [shownCell(t.rowTotals[i]!, r.threshold)])]);
    if (t.columnTotals && t.total !== null) rows.push([TOTAL[lang], ...t.columnTotals.map((c) => shownCell(c, r.threshold)), ...(single ? [] : [shownCell(t.total, r.threshold)])]);
    return { indicator: t.indicator, title: INDICATOR_LABELS[t.indicator].title[lang], definition: INDICATOR_LABELS[t.indicator].definition[lang], header, rows };
  });
}

function periodLine(r: StatisticsOut, lang: Lang): string {
  const kept = r.kept ? (lang === 'sv' ? ' Siffrorna är de sparade årssiffrorna.' : ' The figures are the kept yearly figures.') : '';
  return `${lang === 'sv' ? 'Period' : 'Period'}: ${r.from} – ${r.to}. ${lang === 'sv' ? 'Enheter' : 'Units'}: ${r.units.map((u) => u.name).join(', ') || '–'}.${kept}`;
}

export function reportHtml(r: StatisticsOut, kind: ReportKind, lang: Lang): string {
  const tables = plainTables(r, lang)
    .map(
      (t) => `<section><h2>${escapeHtml(t.title)}</h2><p class="definition">${escapeHtml(t.definition)}</p>
<table><caption>${escapeHtml(t.title)}</caption><thead><tr>${t.header.map((h, i) => (i === 0 ? '<td></td>' : `<th scope="col">${escapeHtml(h)}</th>`)).join('')}</tr></thead>
<tbody>${t.rows.map((row) => `<tr><th scope="row">${escapeHtml(row[0]!)}</th>${row.slice(1).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table></section>`,
    )
    .join('\n');
  const wait =
    r.chatAverageWaitSeconds === null ? '' : `<p>${lang === 'sv' ? 'Genomsnittlig väntetid i chatten' : 'Average chat waiting time'}: ${Math.round(r.chatAverageWaitSeconds / 6) / 10} min</p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(TITLES[kind][lang])} ${escapeHtml(r.from.slice(0, 4))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #666;padding:.25rem .5rem;text-align:right}th[scope=row]{text-align:left}.definition{color:#333}</style></head>
<body><main><h1>${escapeHtml(TITLES[kind][lang])} ${escapeHtml(r.from.slice(0, 4))}</h1><p>${escapeHtml(INTRO[kind][lang])}</p><p>${escapeHtml(periodLine(r, lang))}</p><p>${escapeHtml(SUPPRESSION_NOTE(r.threshold)[lang])}</p>
${tables}${wait}</main></body></html>`;
}

/** One line per cell: indicator, category, unit, shown count (suppressed as "<5" / "x"), with the definitions first as comments. */
export function reportCsv(r: StatisticsOut, lang: Lang): string {
  const names = new Map(r.units.map((u) => [u.id, u.name]));
  const header = lang === 'sv' ? ['indikator', 'kategori', 'enhet', 'antal'] : ['indicator', 'category', 'unit', 'count'];
  const rows: string[][] = [];
  for (const t of r.tables) {
    t.rows.forEach((row, i) => {
      t.columns.forEach((c, j) => rows.push([t.indicator, row, c === '' ? WHOLE_MUNICIPALITY[lang] : (names.get(c) ?? c), shownCell(t.cells[i]![j]!, r.threshold)]));
      if (t.columns.length > 1) rows.push([t.indicator, row, TOTAL[lang], shownCell(t.rowTotals[i]!, r.threshold)]);
    });
    if (t.columnTotals && t.total !== null) {
      t.columns.forEach((c, j) => rows.push([t.indicator, 'total', c === '' ? WHOLE_MUNICIPALITY[lang] : (names.get(c) ?? c), shownCell(t.columnTotals![j]!, r.threshold)]));
      if (t.columns.length > 1) rows.push([t.indicator, 'total', TOTAL[lang], shownCell(t.total, r.threshold)]);
    }
  }
  const definitions = r.tables.map((t) => [`# ${t.indicator}: ${INDICATOR_LABELS[t.indicator].definition[lang]}`]);
  return '\uFEFF' + stringify([[`# ${periodLine(r, lang)} ${SUPPRESSION_NOTE(r.threshold)[lang]}`], ...definitions, header, ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

export function reportPdf(r: StatisticsOut, kind: ReportKind, lang: Lang): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: `${TITLES[kind][lang]} ${r.from.slice(0, 4)}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(18).text(`${TITLES[kind][lang]} ${r.from.slice(0, 4)}`);
  doc.moveDown(0.5).fontSize(10).text(INTRO[kind][lang]).moveDown(0.3).text(periodLine(r, lang)).moveDown(0.3).text(SUPPRESSION_NOTE(r.threshold)[lang]);
  for (const t of plainTables(r, lang)) {
    doc.moveDown(1).fontSize(13).text(t.title);
    doc.fontSize(9).fillColor('#333').text(t.definition).fillColor('black').moveDown(0.3);
    const width = doc.page.width - 100;
    const first = Math.min(180, width * 0.4);
    const rest = t.header.length > 1 ? (width - first) / (t.header.length - 1) : 0;
    const line = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      cells.forEach((c, i) => doc.text(c, i === 0 ? 50 : 50 + first + (i - 1) * rest, y, { width: i === 0 ? first - 4 : rest - 4, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true }));
      doc.x = 50;
      doc.y = y + 12;
    };
    line(t.header, true);
    for (const row of t.rows) line(row, row[0] === TOTAL[lang]);
  }
  if (r.chatAverageWaitSeconds !== null) doc.moveDown(1).font('Helvetica').fontSize(10).text(`${lang === 'sv' ? 'Genomsnittlig väntetid i chatten' : 'Average chat waiting time'}: ${Math.round(r.chatAverageWaitSeconds / 6) / 10} min`, 50);
  doc.end();
  return done;
}

export function nationalCsv(n: NationalOut): string {
  const header = ['year', 'kind', 'gender', 'adult_or_child', 'purpose', 'origin_country', 'persons'];
  return stringify([header, ...n.cells.map((c) => [String(n.year), c.kind, c.gender, c.adultOrChild, c.purpose, c.originCountry, shownCell(c.count, n.threshold)])], { record_delimiter: '\r\n' });
}
