/**
 * A plan version as an A4 PDF (PLAN-5): a title page, the contents, every section of the FROZEN
 * snapshot with its "for completion by" note, the Markdown written rendered (headings,
 * paragraphs, bold and italic, lists, GitHub tables drawn as bordered tables that repeat their
 * header row across pages), the figures frozen with the version in place of their tokens, the
 * live parts as they stood when the version was sent (practices, governance, roles and
 * responsibilities, business cases with their financial model, milestones), and the signature
 * page laid out as seed 004, section 10. A version not yet fully signed says so on every page.
 *
 * Reads nothing but its input: what the version froze and the signatures given to it, so the PDF
 * of a version reads the same whatever happens to the live plan afterwards.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import PDFDocument from 'pdfkit';
import { BODY_KIND_LABELS, type BodyKind } from '../../domain/governance/bodies.js';
import { CASE_STATUS_LABELS, financialModel, type CaseStatus } from '../../domain/plans/business-case.js';
import { substituteFigures } from '../../domain/plans/figures.js';
import { MILESTONE_STATUS_LABELS, milestoneSentence, type MilestoneStatus } from '../../domain/plans/milestones.js';
import { COMPLETED_BY_LABELS } from '../../domain/plans/parties.js';
import { dayText, signedElectronically, type Signature } from '../../domain/plans/signoff.js';
import type { PlanFigures, PlanSnapshot, SnapshotBusinessCase, SnapshotSection } from '../../domain/plans/snapshot.js';
import { formatPence } from '../../domain/activity/money.js';
import { winAnsi } from '../referrals/letter.js';

export interface PlanPdfInput {
  snapshot: PlanSnapshot;
  figures: PlanFigures;
  version: { version: number; status: 'in_sign_off' | 'signed' | 'withdrawn'; sentBy: string; sentAt: Date | string; signedAt: Date | string | null; withdrawnAt?: Date | string | null };
  /** the signatures given to this version */
  signatures: Signature[];
  /** when the PDF is made (defaults to now) */
  now?: Date;
  /** deflate page content (default true; tests turn it off to read the text) */
  compress?: boolean;
}

export const NOT_SIGNED_MARK = 'NOT YET SIGNED - draft for signature';
export const WITHDRAWN_MARK = 'WITHDRAWN - this version was not signed off';

const COLOUR = { blue: '#005EB8', text: '#212B32', secondary: '#4C6272', border: '#AEB7BD', pale: '#F0F4F5', red: '#D5281B', white: '#FFFFFF', green: '#007F3B' };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', boldItalic: 'Helvetica-BoldOblique', mono: 'Courier' };
const MARGIN = { top: 60, bottom: 64, left: 56, right: 56 };
const LINE_GAP = 2;
const CELL_PAD = 4;

type Doc = PDFKit.PDFDocument;

interface Run { text: string; bold?: boolean; italic?: boolean; mono?: boolean }

const fontOf = (r: Run) => (r.mono ? FONT.mono : r.bold && r.italic ? FONT.boldItalic : r.bold ? FONT.bold : r.italic ? FONT.italic : FONT.regular);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', pound: '£', euro: '€', ndash: '–', mdash: '—', hellip: '…' };
/** marked leaves entities as written; the PDF shows the characters. */
const decode = (s: string) => s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  }
  return ENTITIES[name.toLowerCase()] ?? whole;
});
const plainOf = (runs: readonly Run[]) => runs.map((r) => r.text).join('');

/** Inline Markdown tokens as runs of text with their emphasis. */
function inlineRuns(tokens: readonly Token[] | undefined, style: Omit<Run, 'text'> = {}): Run[] {
  const out: Run[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong': out.push(...inlineRuns((t as Tokens.Strong).tokens, { ...style, bold: true })); break;
      case 'em': out.push(...inlineRuns((t as Tokens.Em).tokens, { ...style, italic: true })); break;
      case 'del': out.push(...inlineRuns((t as Tokens.Del).tokens, style)); break;
      case 'codespan': out.push({ ...style, mono: true, text: decode((t as Tokens.Codespan).text) }); break;
      case 'br': out.push({ ...style, text: '\n' }); break;
      case 'link': {
        const link = t as Tokens.Link;
        const label = inlineRuns(link.tokens, style);
        out.push(...label);
        if (plainOf(label) !== link.href) out.push({ ...style, text: ` (${link.href})` });
        break;
      }
      case 'image': out.push({ ...style, italic: true, text: `[image: ${(t as Tokens.Image).text || (t as Tokens.Image).href}]` }); break;
      case 'html': if (/^<br\s*\/?>$/i.test((t as Tokens.HTML).text.trim())) out.push({ ...style, text: '\n' }); break;
      case 'text': {
        const text = t as Tokens.Text;
        if (text.tokens?.length) out.push(...inlineRuns(text.tokens, style));
        else out.push({ ...style, text: decode(text.text).replace(/\s*\n\s*/g, ' ') });
        break;
      }
      case 'escape': out.push({ ...style, text: (t as Tokens.Escape).text }); break;
      default: if ('text' in t && typeof t.text === 'string') out.push({ ...style, text: decode(t.text) });
    }
  }
  return out;
}

interface ContentsEntry { text: string; page: number; level: number }

class PlanPdf {
  readonly left = MARGIN.left;
  readonly width: number;
  readonly contents: ContentsEntry[] = [];

  constructor(readonly doc: Doc) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  get bottom() { return this.doc.page.height - MARGIN.bottom; }
  get page() { return this.doc.bufferedPageRange().count; }

  newPage() {
    this.doc.addPage();
    this.doc.y = MARGIN.top;
    this.doc.x = this.left;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  gap(points: number) { this.doc.y += points; }

  font(run: Run, size: number, colour: string) {
    this.doc.font(fontOf(run)).fontSize(size).fillColor(colour);
  }

  /** Height of runs set in `width` (measured in the boldest font they use, so never too short). */
  heightOf(runs: readonly Run[], width: number, size: number) {
    const text = plainOf(runs);
    if (!text.trim()) return 0;
    this.font({ text: '', bold: runs.some((r) => r.bold), mono: runs.every((r) => r.mono) }, size, COLOUR.text);
    return this.doc.heightOfString(winAnsi(text), { width, lineGap: LINE_GAP });
  }

  /** Rich text at (x, y); flows onto new pages by itself when it runs past the bottom margin. */
  runs(runs: readonly Run[], x: number, y: number, width: number, opts: { size?: number; colour?: string; align?: 'left' | 'center' | 'right' } = {}) {
    const parts = runs.filter((r) => r.text.length > 0);
    if (!parts.length) return;
    const size = opts.size ?? 10;
    parts.forEach((r, i) => {
      this.font(r, size, opts.colour ?? COLOUR.text);
      const options = { width, lineGap: LINE_GAP, continued: i < parts.length - 1, align: opts.align ?? 'left' } as const;
      if (i === 0) this.doc.text(winAnsi(r.text), x, y, options);
      else this.doc.text(winAnsi(r.text), options);
    });
    this.doc.x = this.left;
  }

  /** Plain text at (x, y) in a column; does not move the cursor. */
  put(text: string, x: number, y: number, width: number, opts: { bold?: boolean; italic?: boolean; size?: number; colour?: string; align?: 'left' | 'center' | 'right' } = {}) {
    const keep = this.doc.y;
    this.runs([{ text, bold: opts.bold, italic: opts.italic }], x, y, width, opts);
    this.doc.y = keep;
  }

  paragraph(runs: readonly Run[], opts: { indent?: number; size?: number; colour?: string; after?: number } = {}) {
    const indent = opts.indent ?? 0;
    const size = opts.size ?? 10;
    if (!plainOf(runs).trim()) return;
    // Two lines at least on this page, so a paragraph never starts with a lone line at its foot.
    this.ensure(Math.min(this.heightOf(runs, this.width - indent, size), 2 * (size + LINE_GAP) + 2));
    this.runs(runs, this.left + indent, this.doc.y, this.width - indent, { size, colour: opts.colour });
    this.gap(opts.after ?? 6);
  }

  text(text: string, opts: { indent?: number; size?: number; colour?: string; bold?: boolean; italic?: boolean; after?: number } = {}) {
    this.paragraph([{ text, bold: opts.bold, italic: opts.italic }], opts);
  }

  rule(colour = COLOUR.border, weight = 0.5) {
    this.doc.moveTo(this.left, this.doc.y).lineTo(this.left + this.width, this.doc.y).lineWidth(weight).strokeColor(colour).stroke();
  }

  /** A heading in the contents: level 1 sections, level 2 appendices' parts. */
  heading(text: string, opts: { size?: number; contents?: boolean; level?: number; colour?: string } = {}) {
    const size = opts.size ?? 15;
    const h = this.heightOf([{ text, bold: true }], this.width, size);
    this.ensure(h + 60);
    this.gap(6);
    if (opts.contents !== false) this.contents.push({ text, page: this.page, level: opts.level ?? 1 });
    this.runs([{ text, bold: true }], this.left, this.doc.y, this.width, { size, colour: opts.colour ?? COLOUR.blue });
    this.gap(2);
    this.rule(opts.colour ?? COLOUR.blue, 1);
    this.gap(8);
  }

  subheading(text: string, size = 12, indent = 0) {
    const h = this.heightOf([{ text, bold: true }], this.width - indent, size);
    this.ensure(h + 40);
    this.gap(4);
    this.runs([{ text, bold: true }], this.left + indent, this.doc.y, this.width - indent, { size });
    this.gap(4);
  }

  banner(text: string, fill: string, colour: string, size = 13) {
    const pad = 8;
    const h = this.heightOf([{ text, bold: true }], this.width - 2 * pad, size) + 2 * pad;
    this.ensure(h + 8);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fill(fill);
    this.put(text, this.left + pad, y + pad, this.width - 2 * pad, { bold: true, size, colour, align: 'center' });
    this.doc.y = y + h + 10;
  }

  /** Label and value, one above the other (a business case's appendix fields). */
  field(label: string, value: string) {
    this.ensure(40);
    this.text(label, { bold: true, colour: COLOUR.secondary, size: 10, after: 2 });
    if (value.trim()) this.markdown(value, { after: 4 });
    else this.text('Not stated', { italic: true, colour: COLOUR.secondary, after: 4 });
  }

  // ── Tables ────────────────────────────────────────────────────────────────────────────────────

  /** Column widths: each column's natural width, shrunk fairly when they do not all fit. */
  columnWidths(header: Run[][], rows: Run[][][], width: number, size: number, fixed?: number[]) {
    if (fixed) return fixed.map((f) => f * width);
    const n = header.length;
    const natural = header.map((h, c) => {
      this.font({ text: '', bold: true }, size, COLOUR.text);
      let w = this.doc.widthOfString(winAnsi(plainOf(h)));
      this.font({ text: '' }, size, COLOUR.text);
      for (const row of rows) w = Math.max(w, this.doc.widthOfString(winAnsi(plainOf(row[c] ?? []))));
      return Math.max(w + 2 * CELL_PAD + 2, 36);
    });
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= width) return natural.map((w) => (w / total) * width);
    const fair = width / n;
    const small = natural.map((w) => w <= fair);
    const smallTotal = natural.reduce((a, w, i) => a + (small[i] ? w : 0), 0);
    const bigTotal = total - smallTotal;
    return natural.map((w, i) => (small[i] ? w : (w / bigTotal) * (width - smallTotal)));
  }

  /**
   * A bordered table: a shaded header row, repeated at the top of each page it runs onto; each row
   * kept whole on one page.
   */
  table(header: Run[][], rows: Run[][][], opts: { indent?: number; size?: number; align?: (string | null)[]; widths?: number[]; caption?: string } = {}) {
    const indent = opts.indent ?? 0;
    const size = opts.size ?? 9;
    const width = this.width - indent;
    const widths = this.columnWidths(header, rows, width, size, opts.widths);
    const heightOfRow = (cells: Run[][], bold: boolean) => Math.max(14, ...cells.map((c, i) =>
      this.heightOf(bold ? c.map((r) => ({ ...r, bold: true })) : c, widths[i]! - 2 * CELL_PAD, size) - LINE_GAP)) + 2 * CELL_PAD;
    const draw = (cells: Run[][], bold: boolean) => {
      const h = heightOfRow(cells, bold);
      const y = this.doc.y;
      let x = this.left + indent;
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        if (bold) this.doc.rect(x, y, w, h).fill(COLOUR.pale);
        this.doc.rect(x, y, w, h).lineWidth(0.6).strokeColor(COLOUR.border).stroke();
        const align = opts.align?.[i];
        this.runs(bold ? cell.map((r) => ({ ...r, bold: true })) : cell, x + CELL_PAD, y + CELL_PAD, w - 2 * CELL_PAD,
          { size, align: align === 'right' || align === 'center' ? align : 'left' });
        x += w;
      });
      this.doc.y = y + h;
    };
    if (opts.caption) {
      this.ensure(heightOfRow(header, true) + 30);
      this.text(opts.caption, { bold: true, size: 9.5, colour: COLOUR.secondary, after: 3 });
    }
    this.ensure(heightOfRow(header, true) + (rows[0] ? heightOfRow(rows[0], false) : 0));
    draw(header, true);
    for (const row of rows) {
      const cells = header.map((_, i) => row[i] ?? []);
      const h = heightOfRow(cells, false);
      if (this.doc.y + h > this.bottom) {
        this.newPage();
        draw(header, true);
      }
      draw(cells, false);
    }
    this.gap(10);
  }

  plainTable(header: string[], rows: string[][], opts: Parameters<PlanPdf['table']>[2] = {}) {
    this.table(header.map((h) => [{ text: h }]), rows.map((r) => r.map((c) => [{ text: c }])), opts);
  }

  // ── Markdown ──────────────────────────────────────────────────────────────────────────────────

  markdown(source: string, opts: { indent?: number; after?: number } = {}) {
    this.blocks(Lexer.lex(source, { gfm: true }), opts.indent ?? 0);
    if (opts.after !== undefined) this.gap(opts.after - 6);
  }

  blocks(tokens: readonly Token[], indent: number, colour = COLOUR.text) {
    for (const t of tokens) this.block(t, indent, colour);
  }

  block(t: Token, indent: number, colour: string) {
    switch (t.type) {
      case 'space': case 'def': return;
      case 'heading': {
        const h = t as Tokens.Heading;
        const size = [13, 12, 11, 10.5, 10, 10][h.depth - 1] ?? 10;
        const runs = inlineRuns(h.tokens, { bold: true });
        this.ensure(this.heightOf(runs, this.width - indent, size) + 36);
        this.gap(4);
        this.runs(runs, this.left + indent, this.doc.y, this.width - indent, { size, colour });
        this.gap(4);
        return;
      }
      case 'paragraph': this.paragraph(inlineRuns((t as Tokens.Paragraph).tokens), { indent, colour }); return;
      case 'text': {
        const text = t as Tokens.Text;
        this.paragraph(text.tokens ? inlineRuns(text.tokens) : [{ text: decode(text.text) }], { indent, colour });
        return;
      }
      case 'list': this.list(t as Tokens.List, indent, colour); return;
      case 'table': {
        const table = t as Tokens.Table;
        this.table(table.header.map((c) => inlineRuns(c.tokens)), table.rows.map((r) => r.map((c) => inlineRuns(c.tokens))), { indent, align: table.align });
        return;
      }
      case 'blockquote': {
        const startPage = this.page;
        const y = this.doc.y;
        this.blocks((t as Tokens.Blockquote).tokens, indent + 14, COLOUR.secondary);
        if (this.page === startPage) {
          this.doc.rect(this.left + indent + 2, y, 3, Math.max(0, this.doc.y - y - 6)).fill(COLOUR.border);
        }
        return;
      }
      case 'code': {
        const code = (t as Tokens.Code).text;
        const h = this.heightOf([{ text: code, mono: true }], this.width - indent - 12, 9) + 10;
        this.ensure(Math.min(h, 120));
        if (this.doc.y + h <= this.bottom) this.doc.rect(this.left + indent, this.doc.y, this.width - indent, h).fill(COLOUR.pale);
        this.runs([{ text: code, mono: true }], this.left + indent + 6, this.doc.y + 5, this.width - indent - 12, { size: 9, colour });
        this.gap(10);
        return;
      }
      case 'hr': this.ensure(12); this.gap(3); this.rule(); this.gap(9); return;
      case 'html': {
        const text = decode((t as Tokens.HTML).text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
        if (text) this.paragraph([{ text }], { indent, colour });
        return;
      }
      default:
        if ('text' in t && typeof t.text === 'string' && t.text.trim()) this.paragraph([{ text: decode(t.text) }], { indent, colour });
    }
  }

  list(list: Tokens.List, indent: number, colour: string) {
    const start = typeof list.start === 'number' ? list.start : 1;
    list.items.forEach((item, i) => {
      const marker = list.ordered ? `${start + i}.` : '•';
      const markerWidth = list.ordered ? 20 : 12;
      this.ensure(2 * (10 + LINE_GAP) + 2);
      const y = this.doc.y;
      const page = this.page;
      this.put(item.task ? (item.checked ? '[x]' : '[ ]') : marker, this.left + indent, y, markerWidth, { colour });
      const before = this.doc.y;
      this.blocks(item.tokens, indent + markerWidth, colour);
      // An item with no text of its own keeps its marker's line.
      if (this.doc.y === before && this.page === page) this.gap(14);
      if (!list.loose) this.gap(-3);
    });
    this.gap(4);
  }
}

// ── The parts of the plan ───────────────────────────────────────────────────────────────────────

const dateOf = (at: Date | string) => dayText(at);

function titlePage(p: PlanPdf, input: PlanPdfInput, now: Date) {
  const { doc } = p;
  const { plan } = input.snapshot;
  const v = input.version;
  doc.rect(0, 0, doc.page.width, 110).fill(COLOUR.blue);
  p.put('Commissioning Hub', p.left, 34, p.width, { bold: true, size: 18, colour: COLOUR.white });
  p.put('Locality commissioning plan', p.left, 60, p.width, { size: 13, colour: COLOUR.white });
  doc.y = 170;
  p.runs([{ text: plan.title, bold: true }], p.left, doc.y, p.width, { size: 24 });
  p.gap(14);
  p.text(plan.groupName, { size: 15, bold: true, after: 4 });
  p.text(`Financial year ${plan.year}`, { size: 13, after: 4 });
  p.text(`Version ${v.version}`, { size: 13, after: 18 });
  const status = v.status === 'signed' && v.signedAt
    ? `Signed off on ${dateOf(v.signedAt)}`
    : v.status === 'withdrawn'
      ? `Withdrawn${v.withdrawnAt ? ` on ${dateOf(v.withdrawnAt)}` : ''}: this version was not signed off`
      : `With the signatories for sign-off: ${input.signatures.length} of ${signatoryRolesOf(input).length} signatures given`;
  p.text(`Status: ${status}`, { size: 11, bold: true, after: 4 });
  p.text(`Sent for sign-off by ${v.sentBy} on ${dateOf(v.sentAt)}`, { size: 10, colour: COLOUR.secondary, after: 16 });
  if (v.status === 'in_sign_off') p.banner(NOT_SIGNED_MARK, COLOUR.red, COLOUR.white, 14);
  if (v.status === 'withdrawn') p.banner(WITHDRAWN_MARK, COLOUR.secondary, COLOUR.white, 14);
  doc.y = p.bottom - 40;
  p.text(`Produced by Commissioning Hub on ${dateOf(now)} from version ${v.version} as it was sent for sign-off. Figures are those frozen with this version.`,
    { size: 8.5, colour: COLOUR.secondary });
}

function signatoryRolesOf(input: PlanPdfInput) {
  return input.snapshot.signatories.length
    ? input.snapshot.signatories
    : [...new Set(input.signatures.map((s) => s.roleCode))].map((code) => ({ roleCode: code, label: code }));
}

/** The sections' bodies, with the frozen figures in place of their tokens. */
const bodyOf = (s: SnapshotSection, figures: PlanFigures) => substituteFigures(s.body, figures).markdown;

function sectionTitle(s: SnapshotSection) {
  return /^\d/.test(s.key) && !s.title.startsWith(s.key) ? `${s.key} ${s.title}` : s.title;
}

function practicesPart(p: PlanPdf, snapshot: PlanSnapshot) {
  if (!snapshot.practices.length) return p.text('The group has no practices.', { italic: true, colour: COLOUR.secondary });
  p.plainTable(['Practice code', 'Practice'], snapshot.practices.map((x) => [x.code, x.name]), { caption: `The ${snapshot.practices.length} practices of ${snapshot.plan.groupName}`, widths: [0.25, 0.75] });
}

function governancePart(p: PlanPdf, snapshot: PlanSnapshot) {
  if (!snapshot.governance.length) return p.text('No governance bodies were recorded when this version was sent.', { italic: true, colour: COLOUR.secondary });
  for (const body of snapshot.governance) {
    const kind = BODY_KIND_LABELS[body.kind as BodyKind] ?? body.kind;
    p.subheading(kind && kind !== body.name ? `${body.name} (${kind.toLowerCase()})` : body.name, 11);
    if (!body.members.length) {
      p.text('No members recorded.', { italic: true, colour: COLOUR.secondary });
      continue;
    }
    p.plainTable(['Name', 'Role', 'Discipline', 'Practice'], body.members.map((m) => [m.name, m.role, m.discipline, m.practiceCode ?? '']));
  }
}

const PARTY_HEADERS = {
  commissioner: 'What we expect from the commissioner',
  consortium: 'What the consortium will do',
  practices: 'What we expect from the practices',
} as const;

function responsibilitiesPart(p: PlanPdf, snapshot: PlanSnapshot) {
  const columns = (['commissioner', 'consortium', 'practices'] as const).map((party) => snapshot.responsibilities.filter((r) => r.party === party).map((r) => r.text));
  const depth = Math.max(0, ...columns.map((c) => c.length));
  if (!depth) return p.text('No roles and responsibilities were recorded when this version was sent.', { italic: true, colour: COLOUR.secondary });
  const rows = Array.from({ length: depth }, (_, i) => columns.map((c) => c[i] ?? ''));
  p.plainTable(Object.values(PARTY_HEADERS), rows, { widths: [1 / 3, 1 / 3, 1 / 3], size: 9 });
}

const caseStatus = (s: string) => CASE_STATUS_LABELS[s as CaseStatus] ?? s;
const patientsText = (c: SnapshotBusinessCase) => {
  const range = c.patientsMin !== null && c.patientsMax !== null
    ? (c.patientsMin === c.patientsMax ? c.patientsMin.toLocaleString('en-GB') : `${c.patientsMin.toLocaleString('en-GB')} to ${c.patientsMax.toLocaleString('en-GB')}`)
    : c.patientsMin !== null ? `at least ${c.patientsMin.toLocaleString('en-GB')}` : c.patientsMax !== null ? `up to ${c.patientsMax.toLocaleString('en-GB')}` : '';
  return [range, c.patientsNote].filter(Boolean).join('; ') || 'Not stated';
};

function businessCasesPart(p: PlanPdf, snapshot: PlanSnapshot) {
  if (!snapshot.businessCases.length) return p.text('No business cases were proposed when this version was sent.', { italic: true, colour: COLOUR.secondary });
  p.plainTable(['Appendix', 'Business case', 'Status', 'Up-front investment', 'Payback'], snapshot.businessCases.map((c, i) => [
    String(i + 1), c.title, caseStatus(c.status), formatPence(c.upfrontInvestmentPence), financialModel(c.upfrontInvestmentPence, c.years).paybackLabel,
  ]), { widths: [0.13, 0.31, 0.12, 0.16, 0.28], align: [null, null, null, 'right', null] });
  p.text('Each business case is set out in full, with its financial model, in the appendices.', { size: 9.5, colour: COLOUR.secondary });
}

function milestonesPart(p: PlanPdf, snapshot: PlanSnapshot) {
  if (!snapshot.milestones.length) return p.text('No milestones were set when this version was sent.', { italic: true, colour: COLOUR.secondary });
  const cases = new Map(snapshot.businessCases.map((c) => [c.id, c.title]));
  for (const m of snapshot.milestones) {
    p.ensure(40);
    const y = p.doc.y;
    p.put('•', p.left, y, 12);
    p.runs([{ text: milestoneSentence(m.dueOn, m.deliverable), bold: true }], p.left + 12, y, p.width - 12, { size: 10 });
    p.gap(2);
    const facts = [
      `Owner: ${m.owner.trim() || 'not named'}`,
      m.triggersPayment ? 'Triggers payment: yes (a success criterion for the achievement payment)' : 'Triggers payment: no',
      `Status when sent: ${MILESTONE_STATUS_LABELS[m.status as MilestoneStatus] ?? m.status}`,
      ...(m.businessCaseId && cases.has(m.businessCaseId) ? [`Business case: ${cases.get(m.businessCaseId)!}`] : []),
    ];
    p.text(facts.join('. ') + '.', { indent: 12, size: 9, colour: COLOUR.secondary, after: 6 });
  }
}

function signaturePage(p: PlanPdf, input: PlanPdfInput, section: SnapshotSection | null) {
  p.newPage();
  p.heading(section ? sectionTitle(section) : 'Plan sign-off');
  const fully = input.version.status === 'signed';
  if (input.version.status === 'withdrawn') p.banner(WITHDRAWN_MARK, COLOUR.secondary, COLOUR.white, 13);
  else if (!fully) p.banner(NOT_SIGNED_MARK, COLOUR.red, COLOUR.white, 13);
  if (section?.body.trim()) p.markdown(bodyOf(section, input.figures));
  p.text('Once completed this plan requires signatures from the following:', { size: 10.5, after: 10 });
  const byRole = new Map(input.signatures.map((s) => [s.roleCode, s]));
  for (const role of signatoryRolesOf(input)) {
    const s = byRole.get(role.roleCode);
    const boxHeight = 92;
    p.ensure(boxHeight + 12);
    const y = p.doc.y;
    p.doc.rect(p.left, y, p.width, boxHeight).lineWidth(0.8).strokeColor(COLOUR.border).stroke();
    p.put(role.label, p.left + 10, y + 8, p.width - 20, { bold: true, size: 11.5 });
    const labelWidth = 70;
    const half = (p.width - 20) / 2;
    const line = (x: number, yy: number, w: number) => p.doc.moveTo(x, yy).lineTo(x + w, yy).lineWidth(0.5).strokeColor(COLOUR.secondary).stroke();
    p.put('Name:', p.left + 10, y + 32, labelWidth, { bold: true, colour: COLOUR.secondary });
    p.put('Date:', p.left + 10 + half, y + 32, labelWidth, { bold: true, colour: COLOUR.secondary });
    p.put('SIGNATURE:', p.left + 10, y + 60, labelWidth, { bold: true, colour: COLOUR.secondary });
    if (s) {
      p.put(s.signedName, p.left + 10 + labelWidth, y + 32, half - labelWidth - 10, { size: 10.5 });
      p.put(dateOf(s.signedAt), p.left + 10 + half + 40, y + 32, half - 50, { size: 10.5 });
      p.put(signedElectronically(s.signedAt), p.left + 10 + labelWidth, y + 60, p.width - 30 - labelWidth, { italic: true, size: 10, colour: COLOUR.green });
    } else {
      line(p.left + 10 + labelWidth, y + 44, half - labelWidth - 20);
      line(p.left + 10 + half + 40, y + 44, half - 50);
      line(p.left + 10 + labelWidth, y + 72, p.width - 30 - labelWidth);
    }
    p.doc.y = y + boxHeight + 12;
  }
}

function appendix(p: PlanPdf, n: number, c: SnapshotBusinessCase) {
  p.newPage();
  p.heading(`Appendix ${n}: Outline business plan: ${c.title}`, { size: 14 });
  p.text(`Status: ${caseStatus(c.status)}`, { bold: true, after: 8 });
  const fields: [string, string][] = [
    ['Outline of proposed service change', c.outline],
    ['Benefit to patients', c.benefitToPatients],
    ['Patients covered (minimum and maximum)', patientsText(c)],
    ['Evidence of effectiveness', c.evidenceOfEffectiveness],
    ['Patient support', c.patientSupport],
    ['Stakeholder support', c.stakeholderSupport],
    ['Costs', c.costs],
    ['Up-front investment', formatPence(c.upfrontInvestmentPence)],
    ['Value of freed-up resources', c.freedResources],
    ['Timescale for freeing up resources', c.freedResourcesTimescale],
    ['Links to priorities', c.linksToPriorities],
    ['Risks, including other local providers of similar services', c.risks],
  ];
  for (const [label, value] of fields) p.field(label, value);
  const model = financialModel(c.upfrontInvestmentPence, c.years);
  p.subheading('Financial model', 11.5);
  const rows = [
    ...(model.upfrontPence ? [['Up-front', formatPence(model.upfrontPence), formatPence(0), formatPence(-model.upfrontPence), formatPence(-model.upfrontPence)]] : []),
    ...model.years.map((y) => [`Year ${y.yearIndex}`, formatPence(y.costPence), formatPence(y.releasedPence), formatPence(y.netPence), formatPence(y.cumulativePence)]),
  ];
  if (rows.length) {
    p.plainTable(['Year', 'Costs', 'Resources released', 'Net', 'Cumulative'], [
      ...rows, ['Total', formatPence(model.totalCostPence), formatPence(model.totalReleasedPence), formatPence(model.netTotalPence), ''],
    ], { widths: [0.16, 0.21, 0.21, 0.21, 0.21], align: [null, 'right', 'right', 'right', 'right'] });
  }
  p.text(model.paybackLabel, { bold: true });
}

/** Every page: the plan, version and "Page n of N" in the footer; the draft mark in the header. */
function pageFurniture(p: PlanPdf, input: PlanPdfInput) {
  const { doc } = p;
  const range = doc.bufferedPageRange();
  const { plan } = input.snapshot;
  const mark = input.version.status === 'in_sign_off' ? NOT_SIGNED_MARK : input.version.status === 'withdrawn' ? WITHDRAWN_MARK : null;
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // Writing inside the margins must not start another page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    if (mark && i > 0) p.put(mark, p.left, 26, p.width, { bold: true, size: 9, colour: COLOUR.red, align: 'center' });
    const y = doc.page.height - MARGIN.bottom + 22;
    doc.moveTo(p.left, y - 6).lineTo(p.left + p.width, y - 6).lineWidth(0.5).strokeColor(COLOUR.border).stroke();
    p.put(`${plan.title} | ${plan.groupName} ${plan.year} | Version ${input.version.version}`, p.left, y, p.width - 80, { size: 8, colour: COLOUR.secondary });
    p.put(`Page ${i + 1} of ${range.count}`, p.left + p.width - 80, y, 80, { size: 8, bold: true, colour: COLOUR.secondary, align: 'right' });
    doc.page.margins = margins;
  }
}

const CONTENTS_SIZE = 10.5;

/** The contents entries of a plan, before it is drawn (to reserve their pages). */
function contentsTitles(input: PlanPdfInput): string[] {
  const titles = input.snapshot.sections.map(sectionTitle);
  if (!input.snapshot.sections.some((s) => s.kind === 'signoff')) titles.push('Plan sign-off');
  input.snapshot.businessCases.forEach((c, i) => titles.push(`Appendix ${i + 1}: Outline business plan: ${c.title}`));
  return titles;
}

/** Splits the contents into pages (the same measure reserves them and later fills them). */
function contentsPages(p: PlanPdf, titles: string[], firstPageTop: number): number[][] {
  const pages: number[][] = [[]];
  let y = firstPageTop;
  titles.forEach((t, i) => {
    const h = p.heightOf([{ text: t }], p.width - 50, CONTENTS_SIZE) + 6;
    if (y + h > p.bottom) {
      pages.push([]);
      y = MARGIN.top;
    }
    pages.at(-1)!.push(i);
    y += h;
  });
  return pages;
}

/** Renders the plan version; resolves with the PDF's bytes. */
export function renderPlanPdf(input: PlanPdfInput): Promise<Buffer> {
  const now = input.now ?? new Date();
  const { plan } = input.snapshot;
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, compress: input.compress ?? true,
    info: {
      Title: winAnsi(`${plan.title}, version ${input.version.version}`), Author: winAnsi(plan.groupName),
      Subject: winAnsi(`Locality commissioning plan ${plan.year}`), Creator: 'Commissioning Hub', CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const p = new PlanPdf(doc);
  titlePage(p, input, now);

  // The contents pages are reserved now and written once every section's page is known.
  const titles = contentsTitles(input);
  const contentsTop = MARGIN.top + 40;
  const layout = contentsPages(p, titles, contentsTop);
  const firstContentsPage = p.page;
  for (let i = 0; i < layout.length; i += 1) p.newPage();

  const sections = input.snapshot.sections;
  let lastPart: string | null = null;
  let signoffDrawn = false;
  sections.forEach((s, i) => {
    if (s.kind === 'signoff') {
      signaturePage(p, input, s);
      signoffDrawn = true;
      return;
    }
    // Each part of the template starts a new page; its sections follow one another.
    if (i === 0 || s.part !== lastPart || sections[i - 1]?.kind === 'signoff') p.newPage();
    lastPart = s.part;
    p.heading(sectionTitle(s));
    p.text(COMPLETED_BY_LABELS[s.completedBy], { italic: true, size: 9, colour: COLOUR.secondary, after: s.guidance.trim() ? 2 : 8 });
    if (s.guidance.trim()) p.text(s.guidance.trim(), { size: 9, colour: COLOUR.secondary, after: 8 });
    switch (s.kind) {
      case 'practices': practicesPart(p, input.snapshot); break;
      case 'governance': governancePart(p, input.snapshot); break;
      case 'responsibilities': responsibilitiesPart(p, input.snapshot); break;
      case 'business_cases': businessCasesPart(p, input.snapshot); break;
      case 'milestones': milestonesPart(p, input.snapshot); break;
      default: break;
    }
    const body = bodyOf(s, input.figures);
    if (body.trim()) p.markdown(body);
    else if (s.kind === 'text') p.text('Not completed.', { italic: true, colour: COLOUR.secondary });
  });
  if (!signoffDrawn) signaturePage(p, input, null);
  input.snapshot.businessCases.forEach((c, i) => appendix(p, i + 1, c));

  // Fill in the contents: the titles were recorded with their pages as they were drawn.
  const pageOf = new Map<string, number>();
  for (const e of p.contents) if (!pageOf.has(e.text)) pageOf.set(e.text, e.page);
  layout.forEach((indexes, pageIndex) => {
    doc.switchToPage(firstContentsPage + pageIndex);
    let y = pageIndex === 0 ? MARGIN.top : MARGIN.top;
    if (pageIndex === 0) {
      p.put('Contents', p.left, y, p.width, { bold: true, size: 15, colour: COLOUR.blue });
      y = contentsTop;
    }
    for (const i of indexes) {
      const title = titles[i]!;
      const h = p.heightOf([{ text: title }], p.width - 50, CONTENTS_SIZE) + 6;
      p.put(title, p.left, y, p.width - 50, { size: CONTENTS_SIZE });
      p.put(String(pageOf.get(title) ?? ''), p.left + p.width - 40, y, 40, { size: CONTENTS_SIZE, align: 'right' });
      y += h;
    }
  });
  pageFurniture(p, input);
  doc.end();
  return done;
}

/** The PDF's file name: the group, year and version. */
export const planPdfFileName = (snapshot: PlanSnapshot, version: number) =>
  `commissioning-plan-${snapshot.plan.groupCode}-${snapshot.plan.year.replace('/', '-')}-v${version}.pdf`;
