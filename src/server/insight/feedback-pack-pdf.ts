/**
 * A practice's feedback pack as an A4 PDF laid out for printing (REF-8): a title block (practice,
 * month, generated date), "what stands out", then each section with a drawn chart or bars and its
 * numbers: referrals by specialty against the peers' range, the 12-month trend, triage outcomes,
 * pathway criteria most often missed, matched activity and its cost, and the budget position.
 * Every page has a footer with the practice, the month and "Page n of N". The same data as the
 * page (feedback-pack.ts); peers appear only as a median and a range.
 */
import { formatPence } from '../../domain/activity/money.js';
import { COLOUR, MARGIN, renderPdf, type CellValue, type PdfWriter } from '../http/pdf.js';
import type { FeedbackPack, RateFigure } from './feedback-pack.js';

const whole = (n: number) => n.toLocaleString('en-GB');
const rate = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)}%`);
const pounds = (pence: number | null) => (pence === null ? '-' : formatPence(pence));
const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

export const packFileName = (pack: FeedbackPack) => `feedback-pack-${pack.practice.code}-${pack.month}.pdf`;

function titleBlock(w: PdfWriter, p: FeedbackPack, organisation: string) {
  const { doc } = w;
  doc.rect(0, 0, doc.page.width, 90).fill(COLOUR.blue);
  w.put(organisation, w.left, 28, w.width, { bold: true, size: 16, colour: COLOUR.white });
  w.put('Practice feedback pack', w.left, 52, w.width, { size: 11, colour: COLOUR.white });
  doc.y = 110;
  w.put(`${p.practice.name} (${p.practice.code})`, w.left, doc.y, w.width, { bold: true, size: 22 });
  doc.y += w.height(`${p.practice.name} (${p.practice.code})`, w.width, true, 22) + 6;
  const field = (label: string, value: string) => {
    const y = doc.y;
    w.put(label, w.left, y, 90, { bold: true, size: 11, colour: COLOUR.secondary });
    w.put(value, w.left + 95, y, w.width - 95, { size: 11 });
    doc.y = y + Math.max(w.height(value, w.width - 95, false, 11), 14) + 4;
  };
  field('Month', p.monthLabel);
  field('Generated', longDate(p.generatedAt));
  field('Peers', p.peers.description);
  doc.y += 4;
}

const rangeText = (f: RateFigure) => (f.peers.p10 === null ? '-' : `${rate(f.peers.p10)} to ${rate(f.peers.p90)}`);

function referrals(w: PdfWriter, p: FeedbackPack) {
  const r = p.referrals;
  w.heading(`Referrals per 1,000 patients by specialty, ${p.monthLabel}`, 13);
  w.paragraph(`${r.measure.standardised ? 'Age/sex standardised' : 'Crude'} rates in the month. The bar shows the peers' 10th to 90th percentile (grey), their median (black line) and this practice (blue dot).`,
    { size: 8.5, colour: COLOUR.secondary });
  const rows = [...r.bySpecialty, r.total];
  const max = Math.max(0, ...rows.flatMap((f) => [f.rate ?? 0, f.peers.p90 ?? 0])) * 1.05;
  w.table([
    { title: 'Specialty', width: 26 }, { title: 'Referrals', width: 10, align: 'right' }, { title: 'Expected', width: 10, align: 'right' },
    { title: 'Rate', width: 9, align: 'right' }, { title: 'Peers: median', width: 11, align: 'right' }, { title: 'Peers: range', width: 14, align: 'right' }, { title: '', width: 20 },
  ], rows.map((f): CellValue[] => [
    f.tfc ? `${f.name} (${f.tfc})` : f.name, whole(f.observed), f.expected.toFixed(1), rate(f.rate), rate(f.peers.median), rangeText(f),
    { value: f.rate, low: f.peers.p10, high: f.peers.p90, median: f.peers.median, max },
  ]), { compact: true, boldLast: true });
  w.paragraph(`All specialties: ${r.total.positionWords}.`, { size: 9 });
}

function trend(w: PdfWriter, p: FeedbackPack) {
  w.heading('Referral rate over the last 12 months', 13);
  w.columnChart(p.trend.map((t) => ({ label: t.label, value: t.rate, line: t.peerMedian })), {
    legend: { value: `${p.practice.name}: referrals per 1,000`, line: 'Peers: median' }, format: (v) => v.toFixed(1),
  });
  w.table([
    { title: 'Month', width: 20 }, { title: 'Referrals', width: 16, align: 'right' }, { title: 'Rate', width: 16, align: 'right' },
    { title: 'Peers: median', width: 22, align: 'right' }, { title: 'Peers: 10th to 90th', width: 26, align: 'right' },
  ], p.trend.map((t) => [t.label, whole(t.observed), rate(t.rate), rate(t.peerMedian), t.peerP10 === null ? '-' : `${rate(t.peerP10)} to ${rate(t.peerP90)}`]), { compact: true });
}

function triage(w: PdfWriter, p: FeedbackPack) {
  w.heading(`Triage outcomes of referrals received in ${p.monthLabel}`, 13);
  if (!p.triage.total) {
    w.paragraph('No referrals were received from the practice in the month.', { colour: COLOUR.secondary });
    return;
  }
  w.table([
    { title: 'Outcome', width: 30 }, { title: 'Referrals', width: 12, align: 'right' }, { title: 'Share', width: 10, align: 'right' },
    { title: 'All practices', width: 14, align: 'right' }, { title: '', width: 34 },
  ], [
    ...p.triage.outcomes.map((o): CellValue[] => [o.label, whole(o.count), pct(o.share), pct(o.peerShare), { bar: o.share ?? 0 }]),
    ['All referrals', whole(p.triage.total), '100%', '', ''],
  ], { boldLast: true, compact: true });
}

function criteria(w: PdfWriter, p: FeedbackPack) {
  w.heading('Pathway criteria most often missed', 13);
  if (!p.criteria.length) {
    w.paragraph('No pathway criteria were missed in the month\'s referrals.', { colour: COLOUR.secondary });
    return;
  }
  w.table([
    { title: 'Pathway', width: 26 }, { title: 'Criterion', width: 30 }, { title: 'Missed', width: 14, align: 'right' },
    { title: 'Share', width: 10, align: 'right' }, { title: 'All practices', width: 14, align: 'right' },
  ], p.criteria.map((c) => [c.pathwayName, c.label, `${whole(c.missed)} of ${whole(c.assessed)}`, pct(c.share), pct(c.peerShare)]), { compact: true });
}

function activity(w: PdfWriter, p: FeedbackPack) {
  const a = p.activity;
  w.heading(`Hospital activity in ${p.monthLabel}`, 13);
  w.table([{ title: 'First outpatient attendances', width: 60 }, { title: p.monthLabel, width: 40, align: 'right' }], [
    ['Attendances', whole(a.attendances)],
    ['Matched to a gateway referral', `${whole(a.matched)} (${pct(a.matchRate)}; all practices ${pct(a.peerMatchRate)})`],
    ['Cost of matched attendances (tariff)', pounds(a.matchedCostPence)],
    ['Cost of attendances without a gateway referral', pounds(a.unmatchedCostPence)],
  ], { compact: true });
  if (a.byPod.length) {
    const most = Math.max(1, ...a.byPod.map((x) => x.costPence));
    w.table([{ title: 'Point of delivery', width: 26 }, { title: 'Lines', width: 14, align: 'right' }, { title: 'Cost at tariff', width: 20, align: 'right' }, { title: '', width: 40 }], [
      ...a.byPod.map((x): CellValue[] => [x.pod, whole(x.lines), pounds(x.costPence), { bar: x.costPence / most }]),
      ['All activity', whole(a.byPod.reduce((s, x) => s + x.lines, 0)), pounds(a.costPence), ''],
    ], { compact: true, boldLast: true });
  }
}

function budget(w: PdfWriter, p: FeedbackPack) {
  w.heading(`Budget position, ${p.budget.year}`, 13);
  const b = p.budget.figures;
  if (!b) {
    w.paragraph(p.budget.note, { colour: COLOUR.secondary });
    return;
  }
  const most = Math.max(1, b.ytdBudgetPence, b.ytdSpendPence);
  w.table([{ title: 'Measure', width: 40 }, { title: 'Amount', width: 24, align: 'right' }, { title: '', width: 36 }], [
    ['Budget for the year', pounds(b.yearBudgetPence), ''],
    ['Budget to date', pounds(b.ytdBudgetPence), { bar: b.ytdBudgetPence / most }],
    ['Spend to date', pounds(b.ytdSpendPence), { bar: b.ytdSpendPence / most }],
    [`Variance (${b.variancePence > 0 ? 'overspent' : 'underspent or on budget'})`, `${pounds(b.variancePence)}${b.variancePercent === null ? '' : ` (${b.variancePercent.toFixed(1)}%)`}`, `RAG: ${b.rag}`],
    ['Forecast outturn', pounds(b.forecastPence), b.forecastVariancePence === null ? '' : `${pounds(b.forecastVariancePence)} against budget`],
  ], { compact: true });
  w.paragraph(p.budget.note, { size: 8.5, colour: COLOUR.secondary });
}

/** Renders the pack; resolves with the PDF's bytes. */
export function renderFeedbackPackPdf(p: FeedbackPack, options: { organisation?: string; compress?: boolean } = {}): Promise<Buffer> {
  const organisation = options.organisation ?? 'Commissioning Hub';
  return renderPdf({
    title: `Feedback pack: ${p.practice.name}, ${p.monthLabel}`, author: organisation, subject: 'Practice feedback pack', createdAt: new Date(p.generatedAt), compress: options.compress,
  }, (w) => {
    titleBlock(w, p, organisation);
    w.heading('What stands out', 13);
    w.bullets(p.standsOut);
    referrals(w, p);
    trend(w, p);
    triage(w, p);
    criteria(w, p);
    activity(w, p);
    budget(w, p);
    w.doc.y = Math.max(w.doc.y, MARGIN.top);
    w.footers(`Feedback pack: ${p.practice.name} (${p.practice.code}), ${p.monthLabel}. Generated ${longDate(p.generatedAt)}.`);
  });
}
