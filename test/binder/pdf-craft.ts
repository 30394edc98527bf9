/**
 * A minimal PDF writer for tests: one catalog, one page tree, pages with given content streams and
 * fonts, an information dictionary, and a correct cross-reference table. For PDFs that PDFKit would
 * never write (invisible text, embedded fonts, bombs, incremental updates).
 */
import { deflateSync } from 'node:zlib';

export interface CraftPage {
  /** Content stream operators. */
  content: string | Buffer;
  /** Resource name -> font dictionary (PDF syntax). Default: F1 = Courier, WinAnsi. */
  fonts?: Record<string, string>;
  /** Write the content as is (no FlateDecode). */
  raw?: boolean;
  /** More resource entries (PDF syntax), e.g. "/XObject << /Im1 5 0 R >>". */
  resources?: string;
}

export const COURIER = '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>';

/** A PDF literal string. */
export function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A text line as PDFKit writes it: hex WinAnsi codes in a TJ array. */
export function textLine(text: string, options: { font?: string; size?: number; y?: number; renderMode?: number } = {}): string {
  const hex = Buffer.from(text, 'latin1').toString('hex');
  return [
    'BT',
    `1 0 0 1 50 ${options.y ?? 700} Tm`,
    `/${options.font ?? 'F1'} ${options.size ?? 9.5} Tf`,
    ...(options.renderMode !== undefined ? [`${options.renderMode} Tr`] : []),
    `[<${hex}> 0] TJ`,
    'ET',
  ].join('\n');
}

export function craftPdf(pages: readonly CraftPage[], info: Record<string, string>, trailerExtra = ''): Buffer {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer) => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const catalog = add(''); // filled in below
  const pagesRoot = add('');
  const kids: number[] = [];
  for (const p of pages) {
    const data = p.raw ? Buffer.from(p.content) : deflateSync(Buffer.from(p.content));
    const stream = add(
      Buffer.concat([
        Buffer.from(`<< /Length ${data.length}${p.raw ? '' : ' /Filter /FlateDecode'} >>\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
    const fonts = Object.entries(p.fonts ?? { F1: COURIER })
      .map(([name, dict]) => `/${name} ${dict}`)
      .join(' ');
    kids.push(add(`<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 595 842] /Contents ${stream} 0 R /Resources << /Font << ${fonts} >>${p.resources ? ` ${p.resources}` : ''} >> >>`));
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesRoot} 0 R >>`);
  objects[pagesRoot - 1] = Buffer.from(`<< /Type /Pages /Count ${kids.length} /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] >>`);
  const infoRef = add(`<< ${Object.entries(info).map(([k, v]) => `/${k} ${pdfString(v)}`).join(' ')} >>`);

  const parts: Buffer[] = [Buffer.from('%PDF-1.3\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref`, `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${infoRef} 0 R${trailerExtra} >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}
