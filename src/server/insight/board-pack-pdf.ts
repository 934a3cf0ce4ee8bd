/**
 * The board pack as an A4 PDF laid out for printing (INFO-2): a cover page (the month, when it was
 * generated), the contents, then finance, activity, referrals, plan milestones and the month's
 * decisions, each starting on its own page; a footer with the month and "Page n of N" on every
 * page. Status is always written out (RAG in words, OVERDUE in capitals), never colour alone, so
 * the pack reads the same printed in black and white.
 */
import type { Rag } from '../../domain/activity/monitoring.js';
import { formatLongDate } from '../../domain/insight-reviewer/evidence.js';
import { a4Document, PDF_COLOUR, PDF_MARGIN, type PdfWriter } from '../http/pdf.js';
import type { BoardPack, MoneyRow } from './board-pack.js';

const SECTIONS = ['Finance: budget position', 'Activity against contract plan', 'Referrals and triage', 'Plan milestones', 'Decisions of the month'] as const;
const RAG_WORDS: Record<Rag, string> = { green: 'Green (on plan)', amber: 'Amber (watch)', red: 'Red (act)' };

const whole = (n: number) => n.toLocaleString('en-GB');
const pounds = (pence: number | null) => (pence === null ? '-' : `${pence < 0 ? '-' : ''}£${whole(Math.round(Math.abs(pence) / 100))}`);
const pct = (p: number | null) => (p === null ? '-' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`);

const MONEY_COLUMNS = (first: string) => [
  { title: first, width: 26 }, { title: 'Year plan', width: 13, align: 'right' as const }, { title: 'Plan to date', width: 13, align: 'right' as const },
  { title: 'Actual to date', width: 13, align: 'right' as const }, { title: 'Variance', width: 12, align: 'right' as const }, { title: 'Var. %', width: 8, align: 'right' as const },
  { title: 'Forecast', width: 13, align: 'right' as const }, { title: 'RAG', width: 12 },
];
const moneyRow = (r: MoneyRow, name = r.name) => [name, pounds(r.yearPlanPence), pounds(r.ytdPlanPence), pounds(r.ytdActualPence), pounds(r.variancePence), pct(r.variancePercent), pounds(r.forecastPence), RAG_WORDS[r.rag]];

function cover(w: PdfWriter, p: BoardPack, organisation: string) {
  const { doc } = w;
  doc.rect(0, 0, doc.page.width, 90).fill(PDF_COLOUR.blue);
  w.put(organisation, w.left, 30, w.width, { bold: true, size: 16, colour: PDF_COLOUR.white });
  w.put('Commissioning Hub', w.left, 54, w.width, { size: 11, colour: PDF_COLOUR.white });
  doc.y = 160;
  w.put('Board pack', w.left, doc.y, w.width, { bold: true, size: 30 });
  doc.y += 44;
  w.put(p.month.label, w.left, doc.y, w.width, { bold: true, size: 22, colour: PDF_COLOUR.blue });
  doc.y += 40;
  const field = (label: string, value: string) => {
    const y = doc.y;
    w.put(label, w.left, y, 150, { bold: true, size: 12, colour: PDF_COLOUR.secondary });
    w.put(value, w.left + 160, y, w.width - 160, { size: 12 });
    doc.y = y + Math.max(w.height(value, w.width - 160, false, 12), 16) + 8;
  };
  field('Month', `${formatLongDate(p.month.from)} to ${formatLongDate(p.month.to)}`);
  field('Financial year', `${p.month.year}, month ${p.month.yearMonth}`);
  field('Generated', formatLongDate(p.generatedAt.slice(0, 10)));
  field('Milestones as at', formatLongDate(p.asAt));

  doc.y += 24;
  w.heading('Contents', 14);
  SECTIONS.forEach((title, i) => w.paragraph(`${i + 1}.  ${title}`, { size: 12 }));
  doc.y += 12;
  w.paragraph('Figures are year to date to the end of the month. RAG is written out: green within 2% of plan, amber within 5%, red beyond. '
    + 'Nothing in this pack identifies a patient.', { size: 9.5, colour: PDF_COLOUR.secondary });
}

function section(w: PdfWriter, n: number) {
  w.newPage();
  w.heading(`${n}. ${SECTIONS[n - 1]}`, 16);
}

function finance(w: PdfWriter, p: BoardPack) {
  section(w, 1);
  const f = p.finance;
  if (!f.published) {
    w.paragraph(`No budgets are published for ${f.year}.`);
    return;
  }
  w.paragraph(`Spend against the published budgets of ${f.year}, ${f.period ?? 'no month yet'}. All practices: ${pounds(f.total.ytdActualPence)} spent against ${pounds(f.total.ytdPlanPence)} budgeted to date (${pct(f.total.variancePercent)}, ${RAG_WORDS[f.total.rag]}); forecast outturn ${pounds(f.total.forecastPence)} against ${pounds(f.total.yearPlanPence)}.`);
  w.heading('By group', 12);
  w.table(MONEY_COLUMNS('Group'), [...f.groups.map((g) => moneyRow(g)), moneyRow(f.total)], { boldLast: true, compact: true });
  w.heading('By service line', 12);
  w.table(MONEY_COLUMNS('Service line'), [...f.serviceLines.map((l) => moneyRow(l)), moneyRow(f.total)], { boldLast: true, compact: true });
}

function activity(w: PdfWriter, p: BoardPack) {
  section(w, 2);
  const a = p.activity;
  if (!a.providers.length) {
    w.paragraph('No contracts or activity are recorded for this year.');
    return;
  }
  w.paragraph(`The commissioner's activity at each provider against its contract plan, ${a.period ?? 'no month yet'}. All providers: ${pounds(a.total.ytdActualPence)} against ${pounds(a.total.ytdPlanPence)} planned (${pct(a.total.variancePercent)}, ${RAG_WORDS[a.total.rag]}).`);
  w.heading('By provider', 12);
  w.table(MONEY_COLUMNS('Provider'), [...a.providers.map((r) => moneyRow(r)), moneyRow(a.total)], { boldLast: true, compact: true });
  w.heading('Largest variances, line by line', 12);
  if (!a.topVariances.length) w.paragraph('No contract line is away from its plan.');
  else w.table(MONEY_COLUMNS('Provider and line'), a.topVariances.map((r) => moneyRow(r, `${r.providerName}: ${r.name}`)), { compact: true });
}

function referrals(w: PdfWriter, p: BoardPack) {
  section(w, 3);
  const r = p.referrals;
  w.heading('Volumes', 12);
  w.table([{ title: 'Priority', width: 60 }, { title: `Received in ${p.month.label}`, width: 40, align: 'right' }],
    [...r.byPriority.map((x) => [x.label, whole(x.count)]), ['All referrals', whole(r.received)]], { boldLast: true });
  w.heading('Triage outcomes', 12);
  const most = Math.max(1, ...r.outcomes.map((o) => o.count));
  w.table([{ title: 'Outcome', width: 36 }, { title: 'Decisions', width: 14, align: 'right' }, { title: 'Share', width: 12, align: 'right' }, { title: '', width: 38 }], [
    ...r.outcomes.map((o) => [o.label, whole(o.count), r.decisions ? `${o.percent}%` : '-', { bar: o.count / most }]),
    ['All triage decisions', whole(r.decisions), r.decisions ? '100%' : '-', ''],
  ], { boldLast: true });
  w.heading('Turnaround', 12);
  const t = r.turnaround;
  const days = (n: number | null) => (n === null ? '-' : `${n} working ${n === 1 ? 'day' : 'days'}`);
  w.table([{ title: 'Measure', width: 60 }, { title: p.month.label, width: 40 }], [
    ['Median turnaround', days(t.medianWorkingDays)],
    ['90th percentile turnaround', days(t.p90WorkingDays)],
    [`Within the service level (${days(t.serviceLevelDays)})`, r.decisions ? `${whole(t.withinServiceLevel)} of ${whole(r.decisions)} (${t.withinPercent}%)` : '-'],
  ]);
  w.paragraph(r.clock, { size: 9, colour: PDF_COLOUR.secondary });
}

function milestones(w: PdfWriter, p: BoardPack) {
  section(w, 4);
  const m = p.milestones;
  if (!m.rows.length) {
    w.paragraph(`No plan milestones are recorded for ${p.month.year}.`);
    return;
  }
  w.paragraph(`As at ${formatLongDate(p.asAt)}: ${m.summary.overdue} of ${m.summary.total} milestones OVERDUE, ${m.summary.dueSoon} due in the next 30 days, ${m.summary.delivered} delivered.`, { bold: m.summary.overdue > 0 });
  w.table([{ title: 'Due', width: 12 }, { title: 'Deliverable', width: 38 }, { title: 'Plan', width: 20 }, { title: 'Owner', width: 12 }, { title: 'Status', width: 18 }],
    m.rows.map((x) => [x.dueOn, x.deliverable, x.groupName, x.owner || '-', x.state]), { compact: true });
}

function decisions(w: PdfWriter, p: BoardPack) {
  section(w, 5);
  if (!p.decisions.length) {
    w.paragraph(`No decisions were recorded in ${p.month.label}.`);
    return;
  }
  for (const d of p.decisions) {
    w.ensure(80);
    w.paragraph(`${formatLongDate(d.decidedOn)}: ${d.title}`, { bold: true, size: 11 });
    w.paragraph(`${d.bodyName}. Outcome: ${d.outcomeLabel}. ${d.tallyText}.`, { size: 10 });
    if (d.interests.length) w.paragraph(`Declared interests: ${d.interests.join(' ')}`, { size: 9.5 });
    else w.paragraph('Declared interests: none conflicted with this decision.', { size: 9.5, colour: PDF_COLOUR.secondary });
    if (d.recusals.length) w.paragraph(`Recusals: ${d.recusals.join('; ')}.`, { size: 9.5 });
    w.doc.y += 6;
  }
}

export interface BoardPackPdfOptions { compress?: boolean; organisation?: string }

/** Renders the pack; resolves with the PDF's bytes. */
export function renderBoardPackPdf(p: BoardPack, options: BoardPackPdfOptions = {}): Promise<Buffer> {
  const organisation = options.organisation ?? 'Commissioning board';
  const { writer, bytes } = a4Document({
    title: `Board pack: ${p.month.label}`, author: organisation, subject: 'Board pack', createdAt: new Date(p.generatedAt), compress: options.compress,
  });
  writer.doc.y = PDF_MARGIN.top;
  cover(writer, p, organisation);
  finance(writer, p);
  activity(writer, p);
  referrals(writer, p);
  milestones(writer, p);
  decisions(writer, p);
  writer.footers(`Board pack, ${p.month.label}. Generated ${formatLongDate(p.generatedAt.slice(0, 10))}.`);
  writer.doc.end();
  return bytes;
}
