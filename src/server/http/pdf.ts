/**
 * A small layer over pdfkit for the printable reports (A4, NHS colours, standard fonts): headings,
 * paragraphs, tables whose header row repeats on each page, cells drawn as bars or as a value
 * against its peers' range, a footer with "Page n of N" on every page, and the document as bytes.
 * First written for the reviewer evidence PDF, so the reports look alike.
 *
 * Standard fonts (Helvetica, WinAnsi), so all text goes through the referral letter's winAnsi.
 *
 * Shared: the feedback pack, the board pack and the reviewer evidence (insight/*-pdf.ts) draw with
 * PdfWriter and renderPdf or a4Document. Add to this file rather than replacing what is here.
 * (Note from the feedback-pack helper: an earlier version of this file, written at the same time by
 * another helper, was overwritten by mistake at 07:07 UTC.)
 */
import PDFDocument from 'pdfkit';
import { winAnsi } from '../referrals/letter.js';

export const COLOUR = { blue: '#005EB8', text: '#212B32', secondary: '#4C6272', border: '#D8DDE0', pale: '#F0F4F5', white: '#FFFFFF', green: '#007F3B', red: '#D5281B', grey: '#AEB7BD' };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
export const MARGIN = { top: 56, bottom: 70, left: 50, right: 50 };

export type Doc = PDFKit.PDFDocument;
export type Align = 'left' | 'right' | 'center';
export interface Column { title: string; width: number; align?: Align }
/**
 * A table cell: text; a bar of a share (0 to 1) across the cell; or a value against its peers:
 * the peers' range as a pale band, their median as a line and the value as a blue mark, all on a
 * scale from 0 to `max`.
 */
export type CellValue = string | { bar: number } | { value: number | null; low: number | null; high: number | null; median: number | null; max: number };

export class PdfWriter {
  readonly left = MARGIN.left;
  readonly width: number;
  constructor(readonly doc: Doc) { this.width = doc.page.width - MARGIN.left - MARGIN.right; }
  get bottom() { return this.doc.page.height - MARGIN.bottom; }

  newPage() {
    this.doc.addPage();
    this.doc.y = MARGIN.top;
  }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  font(bold: boolean, size: number, colour = COLOUR.text) {
    this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size).fillColor(colour);
  }

  height(text: string, width: number, bold: boolean, size: number) {
    this.font(bold, size);
    return this.doc.heightOfString(winAnsi(text), { width, lineGap: 1 });
  }

  put(text: string, x: number, y: number, width: number, o: { bold?: boolean; size?: number; colour?: string; align?: Align } = {}) {
    this.font(o.bold ?? false, o.size ?? 10, o.colour ?? COLOUR.text);
    this.doc.text(winAnsi(text), x, y, { width, align: o.align ?? 'left', lineGap: 1 });
  }

  /** The blue band across the top of a title page: who the report is from, and what it is. */
  banner(title: string, subtitle: string) {
    this.doc.rect(0, 0, this.doc.page.width, 90).fill(COLOUR.blue);
    this.put(title, this.left, 30, this.width, { bold: true, size: 16, colour: COLOUR.white });
    this.put(subtitle, this.left, 54, this.width, { size: 11, colour: COLOUR.white });
  }

  heading(title: string, size = 14) {
    // Room for the heading and the first rows under it, so a heading never ends a page.
    this.ensure(120);
    this.doc.y += 12;
    const y = this.doc.y;
    this.put(title, this.left, y, this.width, { bold: true, size, colour: COLOUR.blue });
    const lineY = y + this.height(title, this.width, true, size) + 2;
    this.doc.moveTo(this.left, lineY).lineTo(this.left + this.width, lineY).lineWidth(1).strokeColor(COLOUR.blue).stroke();
    this.doc.y = lineY + 8;
  }

  paragraph(text: string, o: { size?: number; colour?: string; bold?: boolean } = {}) {
    const h = this.height(text, this.width, o.bold ?? false, o.size ?? 10);
    this.ensure(Math.min(h, 60));
    const y = this.doc.y;
    this.put(text, this.left, y, this.width, o);
    this.doc.y = y + h + 6;
  }

  /** A bulleted list. */
  bullets(items: readonly string[], o: { size?: number } = {}) {
    const size = o.size ?? 10;
    for (const item of items) {
      const h = this.height(item, this.width - 14, false, size);
      this.ensure(h + 4);
      const y = this.doc.y;
      this.doc.circle(this.left + 4, y + size / 2, 1.8).fill(COLOUR.text);
      this.put(item, this.left + 14, y, this.width - 14, { size });
      this.doc.y = y + h + 4;
    }
    this.doc.y += 4;
  }

  /**
   * A quoted comment: a bold line about it (when, on what), then its text beside a short rule in
   * `mark` (e.g. the colour of how it was rated). A short comment is not split across pages.
   */
  comment(head: string, text: string, mark: string) {
    const headH = this.height(head, this.width, true, 9);
    const textH = this.height(text, this.width - 12, false, 10);
    this.ensure(Math.min(headH + textH + 14, 90));
    const y = this.doc.y;
    this.put(head, this.left, y, this.width, { bold: true, size: 9, colour: COLOUR.secondary });
    const textY = y + headH + 3;
    this.doc.rect(this.left, textY - 1, 3, textH + 2).fill(mark);
    this.put(text, this.left + 12, textY, this.width - 12, { size: 10 });
    this.doc.y = textY + textH + 10;
  }

  /** A table whose header row is repeated on each page it runs onto. */
  table(columns: Column[], rows: CellValue[][], o: { boldLast?: boolean; compact?: boolean } = {}) {
    const scale = this.width / columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => c.width * scale);
    const pad = o.compact ? 3 : 4;
    const headerSize = o.compact ? 8 : 9;
    const bodySize = o.compact ? 9 : 9.5;
    const rowHeight = (cells: CellValue[], bold: boolean, size: number) =>
      Math.max(...cells.map((c, i) => (typeof c === 'string' ? this.height(c, widths[i]! - 2 * pad, bold, size) : 10))) + 2 * pad;
    const draw = (cells: CellValue[], header: boolean, bold: boolean, known?: number) => {
      const size = header ? headerSize : bodySize;
      const h = known ?? rowHeight(cells, bold || header, size);
      const y = this.doc.y;
      if (header) this.doc.rect(this.left, y, this.width, h).fill(COLOUR.pale);
      let x = this.left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (typeof c === 'string') {
          this.put(c, x + pad, y + pad, w - 2 * pad, { bold: bold || header, size, colour: header ? COLOUR.secondary : COLOUR.text, align: columns[i]!.align ?? 'left' });
        } else if ('bar' in c) {
          const full = w - 2 * pad;
          this.doc.rect(x + pad, y + pad, full, h - 2 * pad).fill(COLOUR.pale);
          if (c.bar > 0) this.doc.rect(x + pad, y + pad, Math.max(1, full * Math.min(1, c.bar)), h - 2 * pad).fill(COLOUR.blue);
        } else {
          this.rangeCell(c, x + pad, y + pad, w - 2 * pad, h - 2 * pad);
        }
        x += w;
      });
      this.doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(header ? 1 : 0.5).strokeColor(header ? COLOUR.secondary : COLOUR.border).stroke();
      this.doc.y = y + h;
    };
    const header = columns.map((c) => c.title);
    this.ensure(rowHeight(header, true, headerSize) + (rows[0] ? rowHeight(rows[0], false, bodySize) : 0));
    draw(header, true, true);
    rows.forEach((r, i) => {
      const bold = Boolean(o.boldLast && i === rows.length - 1);
      // Laying text out is the slow part of drawing: each row is measured once.
      const h = rowHeight(r, bold, bodySize);
      if (this.doc.y + h > this.bottom) {
        this.newPage();
        draw(header, true, true);
      }
      draw(r, false, bold, h);
    });
    this.doc.y += 8;
  }

  private rangeCell(c: { value: number | null; low: number | null; high: number | null; median: number | null; max: number }, x: number, y: number, w: number, h: number) {
    const at = (v: number) => x + (c.max > 0 ? Math.min(1, Math.max(0, v / c.max)) : 0) * w;
    const mid = y + h / 2;
    this.doc.moveTo(x, mid).lineTo(x + w, mid).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    if (c.low !== null && c.high !== null) this.doc.rect(at(c.low), y + 1, Math.max(1, at(c.high) - at(c.low)), h - 2).fill(COLOUR.border);
    if (c.median !== null) this.doc.moveTo(at(c.median), y).lineTo(at(c.median), y + h).lineWidth(1.5).strokeColor(COLOUR.text).stroke();
    if (c.value !== null) this.doc.circle(at(c.value), mid, Math.min(3.5, h / 2)).fill(COLOUR.blue);
  }

  /**
   * A column chart of values by label, with an optional line (e.g. the peers' median) over it and
   * its legend. Values of null are left blank.
   */
  columnChart(points: readonly { label: string; value: number | null; line?: number | null }[], o: { height?: number; legend: { value: string; line?: string }; format: (v: number) => string }) {
    const height = o.height ?? 140;
    this.ensure(height + 40);
    const top = this.doc.y + 4;
    const axisW = 44;
    const x0 = this.left + axisW;
    const plotW = this.width - axisW;
    const max = Math.max(0, ...points.flatMap((p) => [p.value ?? 0, p.line ?? 0]));
    const scaleMax = max > 0 ? max * 1.1 : 1;
    const yOf = (v: number) => top + height - (v / scaleMax) * height;
    for (const frac of [0, 0.5, 1]) {
      const v = scaleMax * frac;
      const y = yOf(v);
      this.doc.moveTo(x0, y).lineTo(x0 + plotW, y).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
      this.put(o.format(v), this.left, y - 4, axisW - 4, { size: 7, colour: COLOUR.secondary, align: 'right' });
    }
    const step = plotW / Math.max(1, points.length);
    const barW = step * 0.6;
    points.forEach((p, i) => {
      const cx = x0 + step * i + step / 2;
      if (p.value !== null && p.value > 0) this.doc.rect(cx - barW / 2, yOf(p.value), barW, top + height - yOf(p.value)).fill(COLOUR.blue);
      this.put(p.label, cx - step / 2, top + height + 3, step, { size: 6.5, colour: COLOUR.secondary, align: 'center' });
    });
    const line = points.map((p, i) => ({ x: x0 + step * i + step / 2, v: p.line ?? null }));
    let started = false;
    for (const pt of line) {
      if (pt.v === null || pt.v === undefined) { started = false; continue; }
      if (!started) this.doc.moveTo(pt.x, yOf(pt.v));
      else this.doc.lineTo(pt.x, yOf(pt.v));
      started = true;
    }
    if (line.some((pt) => pt.v !== null)) this.doc.lineWidth(1.5).dash(4, { space: 3 }).strokeColor(COLOUR.text).stroke().undash();
    const legendY = top + height + 16;
    this.doc.rect(this.left, legendY + 1, 10, 7).fill(COLOUR.blue);
    this.put(o.legend.value, this.left + 14, legendY, 200, { size: 8 });
    if (o.legend.line) {
      this.doc.moveTo(this.left + 220, legendY + 4).lineTo(this.left + 236, legendY + 4).lineWidth(1.5).dash(4, { space: 3 }).strokeColor(COLOUR.text).stroke().undash();
      this.put(o.legend.line, this.left + 240, legendY, 220, { size: 8 });
    }
    this.doc.y = legendY + 16;
  }

  /** Writes `text` and "Page n of N" at the foot of every page (call once everything is drawn). */
  footers(text: string) {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i += 1) {
      doc.switchToPage(range.start + i);
      // Writing in the bottom margin must not start another page.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
      const y = doc.page.height - MARGIN.bottom + 24;
      doc.moveTo(this.left, y - 8).lineTo(this.left + this.width, y - 8).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
      this.put(text, this.left, y, this.width - 90, { size: 8, colour: COLOUR.secondary });
      this.put(`Page ${i + 1} of ${range.count}`, this.left + this.width - 90, y, 90, { size: 8, bold: true, colour: COLOUR.secondary, align: 'right' });
      doc.page.margins = margins;
    }
  }
}

export interface PdfInfo { title: string; author: string; subject: string; createdAt: Date; compress?: boolean | undefined }

/** Names the board pack uses for the same things. */
export const PDF_COLOUR = COLOUR;
export const PDF_MARGIN = MARGIN;

/**
 * An A4 document with a writer over it, and its bytes once the caller has drawn everything and
 * called `writer.doc.end()`.
 */
export function a4Document(info: PdfInfo): { writer: PdfWriter; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, compress: info.compress ?? true,
    info: { Title: winAnsi(info.title), Author: winAnsi(info.author), Subject: winAnsi(info.subject), Creator: 'Commissioning Hub', CreationDate: info.createdAt },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { writer: new PdfWriter(doc), bytes };
}

/** An A4 document drawn by `draw`; resolves with its bytes. */
export function renderPdf(info: PdfInfo, draw: (w: PdfWriter) => void): Promise<Buffer> {
  const { writer, bytes } = a4Document(info);
  try {
    draw(writer);
  } finally {
    writer.doc.end();
  }
  return bytes;
}
