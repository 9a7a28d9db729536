import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, for tests: the content streams inflated, the strings of each text-showing
 * operator decoded (pdfkit writes the standard fonts' text as hex in WinAnsi).
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streamRe = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    let body: string;
    try {
      body = inflateSync(bytes).toString('latin1');
    } catch {
      body = bytes.toString('latin1');
    }
    for (const tj of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      out.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
    streamRe.lastIndex = end;
  }
  // WinAnsi's typographic characters pdfkit uses for Swedish texts.
  return out.join('\n').replace(/\x96/g, '–').replace(/\x92/g, '’').replace(/\x95/g, '•');
}
