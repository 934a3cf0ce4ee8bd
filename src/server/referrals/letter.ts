/**
 * The referral letter (REF-2): one A4 PDF a provider, the practice or a reviewer can print or
 * file, laid out as NHS letters are: a blue header with the gateway's name, who referred, the
 * patient block, what is asked for and how urgently (two-week wait made unmistakable), the
 * ranked choice of providers, the pathway check, the clinical information, and what the gateway
 * has decided so far. Every page carries the reference, the NHS number and "Page n of N".
 *
 * Drawn with pdfkit's standard fonts (Helvetica, WinAnsi encoding): text is mapped to that
 * character set first, so no character can come out as a missing glyph.
 */
import PDFDocument from 'pdfkit';
import { formatNhsNumber } from '../../domain/patient/nhs-number.js';
import { STATUS_LABELS, type Status } from '../../domain/referrals/triage.js';
import type { ReferralView } from './view.js';

export const DEFAULT_GATEWAY_NAME = 'Commissioning Hub Referral Gateway';

export interface LetterOptions {
  /** shown in the header; defaults to DEFAULT_GATEWAY_NAME */
  gatewayName?: string;
  /** the letter's date (defaults to now) */
  now?: Date;
  /** deflate page content (default true; tests may turn it off to read the text) */
  compress?: boolean;
  /** the pathway's questions, to label the clinical information as the form asked it */
  questions?: { key: string; label: string; unit?: string }[];
}

const COLOUR = {
  blue: '#005EB8', text: '#212B32', secondary: '#4C6272', border: '#D8DDE0', pale: '#F0F4F5',
  red: '#D5281B', yellow: '#FFEB3B', green: '#007F3B', white: '#FFFFFF',
};
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };

// ---- Text ---------------------------------------------------------------------------------

/** Characters of WinAnsi (cp1252) above Latin-1's printable range, which the standard fonts have. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = { '≥': '>=', '≤': '<=', '≠': '!=', '→': '->', '←': '<-', '✓': 'yes', '✗': 'no', '−': '-', '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ' };

/** Text the standard fonts can draw: WinAnsi characters kept, a few symbols spelt out, others "?". */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\t' || ch === '\r') out += ' ';
    else out += '?';
  }
  return out;
}

const londonDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const londonDateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const calendarDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** An ISO calendar date (YYYY-MM-DD) as "27 March 1956"; never shifted by a time zone. */
const dateText = (iso: string | null) => (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? calendarDate.format(new Date(`${iso}T00:00:00Z`)) : (iso ?? ''));
const dateTimeText = (iso: string) => londonDateTime.format(new Date(iso));

function ageOn(birthDate: string, today: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age -= 1;
  return age;
}

const PRIORITY_TEXT: Record<ReferralView['priority'], string> = { routine: 'Routine', urgent: 'Urgent', '2ww': 'Two-week wait (urgent suspected cancer)' };
const SYSTEM_TEXT: Record<string, string> = { icd10: 'ICD-10', snomed: 'SNOMED CT', read2: 'Read v2' };
const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
/** "symptom_months" → "Symptom months" */
const keyLabel = (key: string) => capitalise(key.replace(/[_-]+/g, ' ').trim());
const infoValue = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));
const statusText = (s: string | null) => (s ? (STATUS_LABELS[s as Status] ?? s) : '');
const ACTION_TEXT: Record<string, string> = {
  received: 'Received', queue_for_triage: 'Queued for triage', forward: 'Forwarded', divert: 'Diverted', return_with_advice: 'Returned with advice',
  request_info: 'More information requested', discuss_with_gp: 'Discussed with the GP', provide_info: 'More information given', book: 'Booked',
  close: 'Closed', recategorise: 'Re-categorised', assign: 'Assigned', unassign: 'Released', prior_approval: 'Prior approval recorded',
  contact: 'Contact with the patient', attach: 'Attachment added',
};
const actionText = (a: string) => ACTION_TEXT[a] ?? capitalise(a.replaceAll('_', ' '));

// ---- Drawing ------------------------------------------------------------------------------

type Doc = PDFKit.PDFDocument;

class Letter {
  readonly left = MARGIN.left;
  readonly width: number;
  constructor(readonly doc: Doc) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  get bottom() { return this.doc.page.height - MARGIN.bottom; }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = MARGIN.top;
    }
  }

  font(bold: boolean, size: number, colour = COLOUR.text) {
    this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(size).fillColor(colour);
    return this;
  }

  height(text: string, width: number, bold: boolean, size: number) {
    this.font(bold, size);
    return this.doc.heightOfString(winAnsi(text), { width, lineGap: 1 });
  }

  /** Text at (x, y) in a column of `width`; does not move the cursor. */
  put(text: string, x: number, y: number, width: number, opts: { bold?: boolean; size?: number; colour?: string; align?: 'left' | 'right' | 'center' } = {}) {
    this.font(opts.bold ?? false, opts.size ?? 10, opts.colour ?? COLOUR.text);
    this.doc.text(winAnsi(text), x, y, { width, align: opts.align ?? 'left', lineGap: 1 });
  }

  gap(points: number) { this.doc.y += points; }

  heading(title: string) {
    this.ensure(60);
    this.gap(10);
    const y = this.doc.y;
    this.put(title, this.left, y, this.width, { bold: true, size: 13, colour: COLOUR.blue });
    const lineY = y + this.height(title, this.width, true, 13) + 2;
    this.doc.moveTo(this.left, lineY).lineTo(this.left + this.width, lineY).lineWidth(1).strokeColor(COLOUR.blue).stroke();
    this.doc.y = lineY + 6;
  }

  /** A label and its value side by side; the value wraps. */
  field(label: string, value: string, opts: { labelWidth?: number; bold?: boolean } = {}) {
    const labelWidth = opts.labelWidth ?? 150;
    const valueWidth = this.width - labelWidth - 10;
    const h = Math.max(this.height(label, labelWidth, true, 10), this.height(value || '-', valueWidth, opts.bold ?? false, 10));
    this.ensure(h + 4);
    const y = this.doc.y;
    this.put(label, this.left, y, labelWidth, { bold: true, colour: COLOUR.secondary });
    this.put(value || '-', this.left + labelWidth + 10, y, valueWidth, { bold: opts.bold ?? false });
    this.doc.y = y + h + 4;
  }

  paragraph(text: string, opts: { size?: number; colour?: string; bold?: boolean } = {}) {
    const h = this.height(text, this.width, opts.bold ?? false, opts.size ?? 10);
    this.ensure(Math.min(h, 60));
    this.font(opts.bold ?? false, opts.size ?? 10, opts.colour ?? COLOUR.text);
    this.doc.text(winAnsi(text), this.left, this.doc.y, { width: this.width, lineGap: 1 });
    this.gap(4);
  }

  /** A filled box with text inside, full width. */
  banner(text: string, fill: string, colour: string, size: number, sub?: string) {
    const pad = 10;
    const inner = this.width - 2 * pad;
    const h = this.height(text, inner, true, size) + (sub ? this.height(sub, inner, false, 9.5) + 3 : 0) + 2 * pad;
    this.ensure(h + 8);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fill(fill);
    this.put(text, this.left + pad, y + pad, inner, { bold: true, size, colour });
    if (sub) this.put(sub, this.left + pad, y + pad + this.height(text, inner, true, size) + 3, inner, { size: 9.5, colour });
    this.doc.y = y + h + 8;
  }
}

function header(l: Letter, r: ReferralView, gatewayName: string, now: Date) {
  const { doc } = l;
  const titleWidth = l.width * 0.6;
  const titleHeight = l.height(gatewayName, titleWidth, true, 16);
  const bandHeight = Math.max(78, 22 + titleHeight + 24);
  doc.rect(0, 0, doc.page.width, bandHeight).fill(COLOUR.blue);
  l.put(gatewayName, l.left, 20, titleWidth, { bold: true, size: 16, colour: COLOUR.white });
  l.put('Referral letter', l.left, 20 + titleHeight + 4, titleWidth, { size: 11, colour: COLOUR.white });
  l.put(`Reference ${r.reference}`, l.left + l.width * 0.6, 22, l.width * 0.4, { bold: true, size: 11, colour: COLOUR.white, align: 'right' });
  l.put(`Date ${londonDate.format(now)}`, l.left + l.width * 0.6, 40, l.width * 0.4, { size: 10, colour: COLOUR.white, align: 'right' });

  // From (the practice) and the dates, in two columns.
  const y = bandHeight + 18;
  const half = (l.width - 20) / 2;
  l.put('From', l.left, y, half, { bold: true, size: 9, colour: COLOUR.secondary });
  l.put(r.practiceName, l.left, y + 12, half, { bold: true, size: 11 });
  l.put(`Practice code ${r.practiceCode}`, l.left, y + 27, half, { size: 10 });
  l.put(`Referring clinician: ${r.clinician}`, l.left, y + 40, half, { size: 10 });
  const rx = l.left + half + 20;
  l.put('Dates', rx, y, half, { bold: true, size: 9, colour: COLOUR.secondary, align: 'right' });
  l.put(`Referral date ${dateText(r.referralDate)}`, rx, y + 12, half, { size: 10, align: 'right' });
  l.put(`Received ${dateTimeText(r.receivedAt)}`, rx, y + 26, half, { size: 10, align: 'right' });
  if (r.triageDue) l.put(`Triage due by ${dateText(r.triageDue)}`, rx, y + 40, half, { size: 10, align: 'right' });
  doc.y = y + 62;
}

function priorityBanner(l: Letter, r: ReferralView) {
  if (r.priority === '2ww') {
    l.banner('TWO-WEEK WAIT: URGENT SUSPECTED CANCER REFERRAL', COLOUR.red, COLOUR.white, 15,
      'The patient must be offered a first appointment within two weeks of this referral.');
  } else if (r.priority === 'urgent') {
    l.banner('URGENT REFERRAL', COLOUR.yellow, COLOUR.text, 14);
  } else {
    l.banner('Routine referral', COLOUR.pale, COLOUR.text, 11);
  }
}

function patientBlock(l: Letter, r: ReferralView, now: Date) {
  const { doc } = l;
  const p = r.patient;
  const age = ageOn(p.birthDate, now);
  const rows: [string, string][] = [
    ['Name', `${p.familyName.toUpperCase()}, ${p.givenName}`],
    ['NHS number', formatNhsNumber(p.nhsNumber)],
    ['Date of birth', `${dateText(p.birthDate)}${age !== null ? ` (${age} years)` : ''}`],
    ['Sex', capitalise(p.sex)],
    ['Postcode', p.postcode],
  ];
  const pad = 10;
  const h = rows.length * 16 + 2 * pad + 16;
  l.ensure(h + 10);
  const y = doc.y;
  doc.rect(l.left, y, l.width, h).fill(COLOUR.pale);
  doc.rect(l.left, y, 4, h).fill(COLOUR.blue);
  l.put('Patient', l.left + pad + 4, y + pad, l.width, { bold: true, size: 11, colour: COLOUR.blue });
  rows.forEach(([label, value], i) => {
    const ry = y + pad + 18 + i * 16;
    l.put(label, l.left + pad + 4, ry, 120, { bold: true, colour: COLOUR.secondary });
    l.put(value, l.left + pad + 130, ry, l.width - pad - 140, { bold: label === 'Name' || label === 'NHS number', size: label === 'NHS number' ? 11 : 10 });
  });
  doc.y = y + h + 6;
}

function referralDetails(l: Letter, r: ReferralView) {
  l.heading('Referral');
  l.field('Specialty', `${r.tfcName} (treatment function ${r.tfc})`, { bold: true });
  if (r.originalTfc) l.field('Specialty as referred', r.originalTfc);
  l.field('Priority', PRIORITY_TEXT[r.priority], { bold: r.priority !== 'routine' });
  l.field('Reason for referral', `${SYSTEM_TEXT[r.reason.system] ?? r.reason.system} ${r.reason.code}${r.reason.display ? `: ${r.reason.display}` : ''}`);
  if (r.originalReason) l.field('Reason as referred', `${SYSTEM_TEXT[r.originalReason.system] ?? r.originalReason.system} ${r.originalReason.code}`);
  l.field('Referring clinician', r.clinician);
  if (r.externalId) l.field('Practice reference', r.externalId);
  if (r.procedureCode) {
    const approval = r.priorApproval
      ? `prior approval ${r.priorApproval.reference} recorded by ${r.priorApproval.by} on ${dateTimeText(r.priorApproval.at)}`
      : r.needsPriorApproval ? 'needs prior approval before it can be forwarded' : 'not on the prior-approval list';
    l.field('Procedure requested', `${r.procedureCode}: ${approval}`);
  }

  l.heading('Choice of provider');
  if (!r.chosenProviders.length) l.paragraph('No provider chosen.', { colour: COLOUR.secondary });
  for (const c of r.chosenProviders) {
    const forwarded = r.forwardedTo === c.code ? '  (forwarded here)' : '';
    l.field(`Choice ${c.rank}`, `${c.name} (${c.code})${forwarded}`, { labelWidth: 70, bold: c.rank === 1 });
  }
}

function pathwayCheck(l: Letter, r: ReferralView) {
  l.heading(r.pathwayName ? `Pathway: ${r.pathwayName}` : 'Pathway');
  if (!r.pathwayCode) {
    l.paragraph('This referral was not made on a pathway.', { colour: COLOUR.secondary });
    return;
  }
  const met = r.pathwayCheck.filter((c) => c.met);
  const missed = r.pathwayCheck.filter((c) => !c.met);
  const colWidth = (l.width - 20) / 2;
  const right = l.left + colWidth + 20;
  l.ensure(40);
  let y = l.doc.y;
  l.put(`Criteria met (${met.length})`, l.left, y, colWidth, { bold: true, size: 10.5, colour: COLOUR.green });
  l.put(`Criteria not met (${missed.length})`, right, y, colWidth, { bold: true, size: 10.5, colour: COLOUR.red });
  l.doc.y = y + 16;
  const itemHeight = (c?: { label: string; detail: string }) =>
    c ? l.height(`• ${c.label}`, colWidth, true, 9.5) + l.height(c.detail, colWidth - 9, false, 8.5) + 6 : 0;
  const drawItem = (c: { label: string; detail: string } | undefined, x: number, top: number, colour: string) => {
    if (!c) return;
    l.put(`• ${c.label}`, x, top, colWidth, { bold: true, size: 9.5, colour });
    l.put(c.detail, x + 9, top + l.height(`• ${c.label}`, colWidth, true, 9.5), colWidth - 9, { size: 8.5, colour: COLOUR.secondary });
  };
  for (let i = 0; i < Math.max(met.length, missed.length); i += 1) {
    const h = Math.max(itemHeight(met[i]), itemHeight(missed[i]));
    l.ensure(h);
    y = l.doc.y;
    drawItem(met[i], l.left, y, COLOUR.text);
    drawItem(missed[i], right, y, COLOUR.text);
    l.doc.y = y + h;
  }
  if (!met.length && !missed.length) l.paragraph('The pathway has no criteria.', { colour: COLOUR.secondary });
}

function clinicalInformation(l: Letter, r: ReferralView, questions: LetterOptions['questions'] = []) {
  l.heading('Clinical information');
  const entries = Object.entries(r.clinicalInfo);
  if (!entries.length) l.paragraph('None given.', { colour: COLOUR.secondary });
  const asked = new Map(questions.map((q) => [q.key, q]));
  for (const [key, value] of entries) {
    const q = asked.get(key);
    const unit = q?.unit && typeof value === 'number' ? ` ${q.unit}` : '';
    l.field(q?.label ?? keyLabel(key), `${infoValue(value)}${unit}`, { labelWidth: 190 });
  }
}

function decisions(l: Letter, r: ReferralView) {
  l.heading('Status and decisions');
  l.field('Status', r.statusLabel, { bold: true });
  if (r.assignedTo) l.field('GP reviewer', r.assignedTo);
  if (r.forwardedTo) l.field('Forwarded to', r.chosenProviders.find((c) => c.code === r.forwardedTo)?.name ?? r.forwardedTo);
  if (r.divertedTo) l.field('Diverted to', `${r.divertedTo.name} (${r.divertedTo.code})`);
  if (r.advice) l.field('Advice to the referrer', r.advice);
  if (r.bookingStatus) l.field('Booking', r.bookingStatus.replaceAll('_', ' '));
  if (r.bookedDate) l.field('Appointment', `${dateText(r.bookedDate)}${r.bookedProvider ? ` with ${r.bookedProvider}` : ''}`);

  const events = r.events;
  if (!events.length) return;
  l.gap(6);
  const cols = [{ title: 'When', width: 95 }, { title: 'By', width: 80 }, { title: 'Decision', width: 130 }];
  const reasonWidth = l.width - cols.reduce((s, c) => s + c.width, 0);
  const row = (cells: string[], bold: boolean, size: number) => {
    const widths = [...cols.map((c) => c.width), reasonWidth];
    const h = Math.max(...cells.map((c, i) => l.height(c, widths[i]! - 6, bold, size))) + 5;
    l.ensure(h);
    const y = l.doc.y;
    let x = l.left;
    cells.forEach((c, i) => {
      l.put(c, x, y, widths[i]! - 6, { bold, size, colour: bold ? COLOUR.secondary : COLOUR.text });
      x += widths[i]!;
    });
    l.doc.moveTo(l.left, y + h - 2).lineTo(l.left + l.width, y + h - 2).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    l.doc.y = y + h;
  };
  row(['When', 'By', 'Decision', 'Reason'], true, 9);
  for (const e of events) {
    const move = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && statusText(e.toStatus) !== actionText(e.action) ? ` (now ${statusText(e.toStatus).toLowerCase()})` : '';
    row([dateTimeText(e.at), e.actor, `${actionText(e.action)}${move}`, e.reason ?? ''], false, 8.5);
  }
}

function attachments(l: Letter, r: ReferralView) {
  if (!r.attachments.length) return;
  l.heading('Attachments');
  for (const a of r.attachments) {
    l.field(a.fileName, `${a.contentType}, ${Math.max(1, Math.round(a.sizeBytes / 1024))} KB, added ${dateTimeText(a.uploadedAt)}`, { labelWidth: 200 });
  }
}

/** Page furniture drawn once every page exists: running header on later pages, footer with page n of N. */
function pageFurniture(l: Letter, r: ReferralView) {
  const { doc } = l;
  const range = doc.bufferedPageRange();
  const total = range.count;
  const patient = `${r.patient.familyName.toUpperCase()}, ${r.patient.givenName}`;
  for (let i = 0; i < total; i += 1) {
    doc.switchToPage(range.start + i);
    // Writing inside the margins must not start another page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    if (i > 0) {
      l.put(`Referral ${r.reference} | ${patient} | NHS number ${formatNhsNumber(r.patient.nhsNumber)}`, l.left, 24, l.width, { size: 8.5, colour: COLOUR.secondary });
      doc.moveTo(l.left, 38).lineTo(l.left + l.width, 38).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    }
    const y = doc.page.height - MARGIN.bottom + 18;
    doc.moveTo(l.left, y - 6).lineTo(l.left + l.width, y - 6).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    l.put(`${r.reference} | NHS number ${formatNhsNumber(r.patient.nhsNumber)} | Confidential: contains patient-identifiable information`,
      l.left, y, l.width - 80, { size: 8, colour: COLOUR.secondary });
    l.put(`Page ${i + 1} of ${total}`, l.left + l.width - 80, y, 80, { size: 8, bold: true, colour: COLOUR.secondary, align: 'right' });
    doc.page.margins = margins;
  }
}

/** Renders the letter; resolves with the PDF's bytes. */
export function renderReferralLetter(r: ReferralView, options: LetterOptions = {}): Promise<Buffer> {
  const now = options.now ?? new Date();
  const gatewayName = options.gatewayName ?? DEFAULT_GATEWAY_NAME;
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, compress: options.compress ?? true,
    info: {
      Title: winAnsi(`Referral ${r.reference}`), Author: winAnsi(gatewayName), Subject: winAnsi(`${r.tfcName} referral from ${r.practiceName}`),
      Creator: 'Commissioning Hub', CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const l = new Letter(doc);
  header(l, r, gatewayName, now);
  priorityBanner(l, r);
  patientBlock(l, r, now);
  referralDetails(l, r);
  pathwayCheck(l, r);
  clinicalInformation(l, r, options.questions);
  decisions(l, r);
  attachments(l, r);
  pageFurniture(l, r);
  doc.end();
  return done;
}

/** The letter's file name: the reference, nothing identifiable. */
export const letterFileName = (r: Pick<ReferralView, 'reference'>) => `referral-${r.reference}.pdf`;
