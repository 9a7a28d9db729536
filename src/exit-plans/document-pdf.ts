import PDFDocument from 'pdfkit';
import { consentsLocales } from '../consents/ui/locales.ts';
import { exitPlansLocales } from './ui/locales.ts';
import type { PlanDocumentOut } from './schema.ts';

export type DocumentLanguage = 'sv' | 'en';

/**
 * The plan as a real PDF for the person, in plain Swedish or English: the same texts as the print
 * page (one source, `ui/locales.ts`), and the same content — the document answer, which comes
 * through `personShown` and so holds no protected address and nothing of the case record.
 *
 * An accessible document, not a picture of one: tagged PDF (PDF/UA structure) with the language
 * set, the title shown as the window title, headings H1/H2, the measures as a table with header
 * cells, and lists as lists, in reading order.
 */
export function planPdf(doc: PlanDocumentOut, lang: DocumentLanguage): Promise<Buffer> {
  const texts = exitPlansLocales[lang];
  const kinds = consentsLocales[lang].kinds as Record<string, string>;
  const t = (path: string, values: Record<string, string | number> = {}) => {
    const found = path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], texts);
    const text = typeof found === 'string' ? found : path;
    return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
  };
  const date = (iso: string | Date) =>
    new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeZone: 'Europe/Stockholm' }).format(typeof iso === 'string' ? new Date(iso) : iso);
  const title = t('doc.title');

  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: lang === 'en' ? 'en-GB' : 'sv-SE',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: title, Subject: doc.person.label ?? '', Creator: 'Utväg' },
    bufferPages: false,
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const block = (type: string, draw: () => void) => root.add(pdf.struct(type, {}, draw));
  const para = (text: string, size = 11) => block('P', () => pdf.font('Helvetica').fontSize(size).fillColor('#000').text(text));

  block('H1', () => pdf.font('Helvetica-Bold').fontSize(20).text(title));
  pdf.moveDown(0.5);
  para(t('doc.for', { person: doc.person.label ?? t('anonymous') }));
  if (doc.person.protectedIdentity) para(t('doc.protected'));
  if (doc.person.address) para(doc.person.address);
  para(t('doc.coordinator', { name: doc.coordinatorName ?? '–', unit: doc.unitName }));
  if (doc.leadActor) para(t('doc.lead', { actor: doc.leadActor }));

  pdf.moveDown();
  block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).text(t('doc.goals')));
  para(doc.goals || '–');

  pdf.moveDown();
  block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).text(t('doc.measures')));
  const actorOf = (id: string) => doc.actors.find((a) => a.id === id);
  const titleOf = (id: string) => doc.measures.find((m) => m.id === id)?.title ?? '';
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const columns = [0.34, 0.28, 0.22, 0.16].map((f) => f * width);
  const table = pdf.struct('Table');
  root.add(table);
  /** One row: each cell a structure element (TH or TD) drawn at its column, the row as tall as its tallest cell. */
  const row = (cells: Array<{ type: 'TH' | 'TD'; lines: string[]; bold?: boolean }>) => {
    const heights = cells.map((c, i) => {
      pdf.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      return c.lines.reduce((h, l) => h + pdf.heightOfString(l, { width: columns[i]! - 6 }), 0);
    });
    const height = Math.max(...heights) + 8;
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
    const top = pdf.y;
    const tr = pdf.struct('TR');
    table.add(tr);
    let x = left;
    cells.forEach((c, i) => {
      const cellX = x;
      tr.add(
        pdf.struct(c.type, {}, () => {
          pdf.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).fillColor('#000');
          let y = top + 4;
          for (const line of c.lines) {
            pdf.text(line, cellX + 3, y, { width: columns[i]! - 6 });
            y = pdf.y;
          }
        }),
      );
      x += columns[i]!;
    });
    pdf.y = top + height;
    pdf.x = left;
    // The rule under the row is decoration, not content.
    pdf.markContent('Artifact', { type: 'Layout' });
    pdf.moveTo(left, pdf.y - 2).lineTo(left + width, pdf.y - 2).lineWidth(0.5).strokeColor('#888').stroke();
    pdf.endMarkedContent();
  };
  row([
    { type: 'TH', lines: [t('doc.what')], bold: true },
    { type: 'TH', lines: [t('doc.who')], bold: true },
    { type: 'TH', lines: [t('doc.when')], bold: true },
    { type: 'TH', lines: [t('doc.status')], bold: true },
  ]);
  for (const m of doc.measures) {
    const a = actorOf(m.actorId);
    row([
      { type: 'TH', lines: [m.title, ...(m.dependsOn.length ? [t('doc.dependsOn', { list: m.dependsOn.map(titleOf).join(', ') })] : [])] },
      { type: 'TD', lines: [a ? `${a.name} (${kinds[a.kind] ?? a.kind})` : '', ...(m.contactPerson ? [`${t('doc.contact')}: ${m.contactPerson}`] : [])] },
      { type: 'TD', lines: [m.plannedEndOn ? t('doc.fromTo', { from: date(m.startsOn), to: date(m.plannedEndOn) }) : t('doc.from', { date: date(m.startsOn) })] },
      { type: 'TD', lines: [t(`status.${m.status}`)] },
    ]);
  }

  if (doc.followUps.length > 0) {
    pdf.moveDown();
    block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).text(t('doc.followUps'), left));
    const list = pdf.struct('L');
    root.add(list);
    for (const f of doc.followUps) {
      list.add(pdf.struct('LI', {}, [pdf.struct('LBody', {}, () => pdf.font('Helvetica').fontSize(11).text(`• ${f.heldOn ? t('doc.followUpHeld', { date: date(f.heldOn) }) : date(f.dueOn)}`, left))]));
    }
  }
  pdf.moveDown();
  block('P', () => pdf.font('Helvetica').fontSize(9).fillColor('#333').text(t('doc.footer', { version: doc.version, date: date(doc.printedAt) }), left));
  root.end();
  pdf.end();
  return done;
}
