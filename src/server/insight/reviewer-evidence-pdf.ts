/**
 * Reviewer evidence as an A4 PDF for revalidation (REF-11), laid out for printing: a title page
 * (who, which period, when generated, and the statement for the appraiser), then the summary
 * table, decisions by outcome and turnaround with bars drawn beside the numbers, decisions by
 * specialty, and the practices' feedback with their comments. Every page has a footer with the
 * reviewer, the period and "Page n of N". Nothing in it identifies a patient.
 *
 * Standard fonts (Helvetica, WinAnsi), so text goes through the referral letter's winAnsi first.
 */
import PDFDocument from 'pdfkit';
import { formatLongDate, HELPFUL, HELPFUL_LABELS, OUTCOMES, OUTCOME_LABELS } from '../../domain/insight-reviewer/evidence.js';
import { winAnsi } from '../referrals/letter.js';
import type { ReviewerEvidence } from './reviewer-evidence.js';

export interface EvidencePdfOptions {
  /** deflate page content (default true; tests may turn it off) */
  compress?: boolean;
  /** shown on the title page */
  organisation?: string;
}

const COLOUR = { blue: '#005EB8', text: '#212B32', secondary: '#4C6272', border: '#D8DDE0', pale: '#F0F4F5', white: '#FFFFFF', green: '#007F3B', grey: '#AEB7BD' };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const MARGIN = { top: 56, bottom: 70, left: 50, right: 50 };

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';
interface Column { title: string; width: number; align?: Align }
/** A table cell: text, or a bar of a share (0 to 1) drawn across the cell. */
type CellValue = string | { bar: number };

const whole = (n: number) => n.toLocaleString('en-GB');
const days = (n: number | null) => (n === null ? 'none' : `${whole(n)} working ${n === 1 ? 'day' : 'days'}`);
const pct = (p: number | null) => (p === null ? '-' : `${p}%`);

class Writer {
  readonly left = MARGIN.left;
  readonly width: number;
  constructor(readonly doc: Doc) { this.width = doc.page.width - MARGIN.left - MARGIN.right; }
  get bottom() { return this.doc.page.height - MARGIN.bottom; }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = MARGIN.top;
    }
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

  /** A table whose header row is repeated on each page it runs onto. */
  table(columns: Column[], rows: CellValue[][], o: { boldLast?: boolean; compact?: boolean } = {}) {
    const scale = this.width / columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => c.width * scale);
    const pad = o.compact ? 3 : 4;
    const headerSize = o.compact ? 8 : 9;
    const bodySize = o.compact ? 9 : 9.5;
    const rowHeight = (cells: CellValue[], bold: boolean, size: number) =>
      Math.max(...cells.map((c, i) => (typeof c === 'string' ? this.height(c, widths[i]! - 2 * pad, bold, size) : 10))) + 2 * pad;
    const draw = (cells: CellValue[], header: boolean, bold: boolean) => {
      const size = header ? headerSize : bodySize;
      const h = rowHeight(cells, bold || header, size);
      const y = this.doc.y;
      if (header) this.doc.rect(this.left, y, this.width, h).fill(COLOUR.pale);
      let x = this.left;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (typeof c === 'string') {
          this.put(c, x + pad, y + pad, w - 2 * pad, { bold: bold || header, size, colour: header ? COLOUR.secondary : COLOUR.text, align: columns[i]!.align ?? 'left' });
        } else {
          const full = w - 2 * pad;
          this.doc.rect(x + pad, y + pad, full, h - 2 * pad).fill(COLOUR.pale);
          if (c.bar > 0) this.doc.rect(x + pad, y + pad, Math.max(1, full * Math.min(1, c.bar)), h - 2 * pad).fill(COLOUR.blue);
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
      if (this.doc.y + rowHeight(r, false, bodySize) > this.bottom) {
        this.doc.addPage();
        this.doc.y = MARGIN.top;
        draw(header, true, true);
      }
      draw(r, false, Boolean(o.boldLast && i === rows.length - 1));
    });
    this.doc.y += 8;
  }
}

const periodText = (e: ReviewerEvidence) => `${formatLongDate(e.period.from)} to ${formatLongDate(e.period.to)}`;

function titlePage(w: Writer, e: ReviewerEvidence, organisation: string) {
  const { doc } = w;
  doc.rect(0, 0, doc.page.width, 90).fill(COLOUR.blue);
  w.put(organisation, w.left, 30, w.width, { bold: true, size: 16, colour: COLOUR.white });
  w.put('GP referral triage', w.left, 54, w.width, { size: 11, colour: COLOUR.white });

  doc.y = 150;
  w.put('Reviewer evidence for revalidation', w.left, doc.y, w.width, { bold: true, size: 26 });
  doc.y += w.height('Reviewer evidence for revalidation', w.width, true, 26) + 24;
  const field = (label: string, value: string) => {
    const y = doc.y;
    w.put(label, w.left, y, 120, { bold: true, size: 12, colour: COLOUR.secondary });
    w.put(value, w.left + 130, y, w.width - 130, { bold: true, size: 12 });
    doc.y = y + Math.max(w.height(value, w.width - 130, true, 12), 16) + 8;
  };
  field('Reviewer', e.reviewer.displayName);
  field('Period', periodText(e));
  field('Generated', formatLongDate(e.generatedAt.slice(0, 10)));

  doc.y += 20;
  w.heading('Statement for the appraiser', 13);
  w.paragraph(e.statement, { size: 11 });
  doc.y += 10;
  w.paragraph('This document contains no patient-identifiable information: referrals are counted, not named, and the patient’s details have been taken out of '
    + 'practices’ comments. The figures come from the decisions the reviewer recorded in the referral gateway, each with who, when and why.', { size: 9.5, colour: COLOUR.secondary });
}

function summaryPage(w: Writer, e: ReviewerEvidence) {
  w.doc.addPage();
  w.doc.y = MARGIN.top;
  w.heading('Summary');
  const t = e.turnaround;
  const r = e.recategorisations;
  const f = e.feedback;
  w.table([{ title: 'Measure', width: 55 }, { title: `${periodText(e)}`, width: 45 }], [
    ['Triage decisions taken', whole(e.decisions)],
    ['Referrals reviewed', whole(e.referrals)],
    ['Median turnaround', days(t.medianWorkingDays)],
    ['90th percentile turnaround', days(t.p90WorkingDays)],
    [`Within the service level (${days(e.serviceLevelDays)})`, e.decisions ? `${whole(t.withinServiceLevel)} of ${whole(e.decisions)} (${pct(t.withinPercent)})` : '-'],
    ['Re-categorisations', `${whole(r.total)} (specialty corrected ${whole(r.specialtyChanged)}, clinical code corrected ${whole(r.codeChanged)})`],
    ['Decisions later changed by another reviewer', `${whole(e.changedByAnotherReviewer.count)}${e.decisions ? ` (${pct(e.changedByAnotherReviewer.percent)})` : ''}`],
    ['Practice feedback received', `${whole(f.total)} (${HELPFUL.map((k) => `${HELPFUL_LABELS[k].toLowerCase()} ${whole(f.counts[k])}`).join(', ')})`],
  ]);

  w.heading('Decisions by outcome', 12);
  w.table([{ title: 'Outcome', width: 34 }, { title: 'Decisions', width: 14, align: 'right' }, { title: 'Share', width: 12, align: 'right' }, { title: '', width: 40 }], [
    ...e.byOutcome.map((o) => [o.label, whole(o.count), e.decisions ? `${o.percent}%` : '-', { bar: o.share ?? 0 }]),
    ['All decisions', whole(e.decisions), e.decisions ? '100%' : '-', ''],
  ], { boldLast: true });

  w.heading('Turnaround', 12);
  w.paragraph(e.clock, { size: 9, colour: COLOUR.secondary });
  const most = Math.max(1, ...t.distribution.map((b) => b.count));
  w.table([{ title: 'Working days to decision', width: 30 }, { title: 'Decisions', width: 14, align: 'right' }, { title: 'Within service level', width: 20 }, { title: '', width: 36 }],
    t.distribution.map((b) => [b.label, whole(b.count), b.workingDays <= e.serviceLevelDays && !b.orMore ? 'Yes' : 'No', { bar: b.count / most }]));
}

function specialtyTable(w: Writer, e: ReviewerEvidence) {
  w.heading('Decisions by specialty', 12);
  if (!e.bySpecialty.length) {
    w.paragraph('No decisions in the period.', { colour: COLOUR.secondary });
    return;
  }
  const short: Record<(typeof OUTCOMES)[number], string> = {
    forwarded: 'Forwarded', diverted: 'Diverted', returned_with_advice: 'Returned', info_requested: 'Info asked', discussed_with_gp: 'Discussed',
  };
  w.table([
    { title: 'Specialty', width: 22 }, { title: 'Decisions', width: 11, align: 'right' },
    ...OUTCOMES.map((o) => ({ title: short[o], width: 11, align: 'right' as const })),
    { title: 'Median days', width: 10, align: 'right' }, { title: 'Within level', width: 10, align: 'right' },
  ], e.bySpecialty.map((s) => [
    `${s.name} (${s.tfc})`, whole(s.decisions), ...OUTCOMES.map((o) => whole(s.byOutcome[o])),
    s.medianWorkingDays === null ? '-' : String(s.medianWorkingDays), whole(s.withinServiceLevel),
  ]), { compact: true });
  w.paragraph(`Outcomes: ${OUTCOMES.map((o) => `${short[o]} = ${OUTCOME_LABELS[o].toLowerCase()}`).join('; ')}.`, { size: 8.5, colour: COLOUR.secondary });
}

function feedbackSection(w: Writer, e: ReviewerEvidence) {
  w.heading('Feedback from practices', 12);
  const f = e.feedback;
  w.paragraph('Practices are asked whether the reviewer’s decision on their referral was helpful. Each piece of feedback is counted against the decision it followed.', { size: 9, colour: COLOUR.secondary });
  w.table([{ title: 'Was the decision helpful?', width: 34 }, { title: 'Practices', width: 14, align: 'right' }, { title: 'Share', width: 12, align: 'right' }, { title: '', width: 40 }], [
    ...HELPFUL.map((k) => [HELPFUL_LABELS[k], whole(f.counts[k]), f.total ? `${f.percents[k]}%` : '-', { bar: f.total ? f.counts[k] / f.total : 0 }]),
    ['All feedback', whole(f.total), f.total ? '100%' : '-', ''],
  ], { boldLast: true });

  w.heading(`Practices’ comments (${whole(f.comments.length)})`, 12);
  if (!f.comments.length) {
    w.paragraph('No comments in the period.', { colour: COLOUR.secondary });
    return;
  }
  for (const c of f.comments) {
    const head = `${formatLongDate(c.givenOn)}  |  ${c.specialty}  |  ${c.outcomeLabel}  |  ${c.helpfulLabel}`;
    const h = w.height(head, w.width, true, 9) + w.height(c.comment, w.width - 12, false, 10) + 14;
    w.ensure(Math.min(h, 90));
    const y = w.doc.y;
    w.put(head, w.left, y, w.width, { bold: true, size: 9, colour: COLOUR.secondary });
    const textY = y + w.height(head, w.width, true, 9) + 3;
    w.doc.rect(w.left, textY - 1, 3, w.height(c.comment, w.width - 12, false, 10) + 2).fill(c.helpful === 'yes' ? COLOUR.green : c.helpful === 'partly' ? COLOUR.grey : COLOUR.secondary);
    w.put(c.comment, w.left + 12, textY, w.width - 12, { size: 10 });
    w.doc.y = textY + w.height(c.comment, w.width - 12, false, 10) + 10;
  }
}

function footers(w: Writer, e: ReviewerEvidence) {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // Writing in the bottom margin must not start another page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    const y = doc.page.height - MARGIN.bottom + 24;
    doc.moveTo(w.left, y - 8).lineTo(w.left + w.width, y - 8).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    w.put(`Reviewer evidence: ${e.reviewer.displayName}, ${periodText(e)}. Generated ${formatLongDate(e.generatedAt.slice(0, 10))}.`, w.left, y, w.width - 90, { size: 8, colour: COLOUR.secondary });
    w.put(`Page ${i + 1} of ${range.count}`, w.left + w.width - 90, y, 90, { size: 8, bold: true, colour: COLOUR.secondary, align: 'right' });
    doc.page.margins = margins;
  }
}

/** Renders the evidence; resolves with the PDF's bytes. */
export function renderReviewerEvidencePdf(e: ReviewerEvidence, options: EvidencePdfOptions = {}): Promise<Buffer> {
  const organisation = options.organisation ?? 'Commissioning Hub referral gateway';
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, compress: options.compress ?? true,
    info: {
      Title: winAnsi(`Reviewer evidence: ${e.reviewer.displayName}, ${periodText(e)}`), Author: winAnsi(organisation),
      Subject: 'Reviewer evidence for revalidation', Creator: 'Commissioning Hub', CreationDate: new Date(e.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  titlePage(w, e, organisation);
  summaryPage(w, e);
  specialtyTable(w, e);
  feedbackSection(w, e);
  footers(w, e);
  doc.end();
  return done;
}
