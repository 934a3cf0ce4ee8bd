/**
 * Reviewer evidence as an A4 PDF for revalidation (REF-11), laid out for printing: a title page
 * (who, which period, when generated, and the statement for the appraiser), then the summary
 * table, decisions by outcome and turnaround with bars drawn beside the numbers, decisions by
 * specialty, and the practices' feedback with their comments. Every page has a footer with the
 * reviewer, the period and "Page n of N". Nothing in it identifies a patient.
 *
 * Drawn with the shared PDF layer (http/pdf.ts), so it looks like the other printed reports.
 */
import { formatLongDate, HELPFUL, HELPFUL_LABELS, OUTCOMES, OUTCOME_LABELS } from '../../domain/insight-reviewer/evidence.js';
import { COLOUR, renderPdf, type PdfWriter } from '../http/pdf.js';
import type { ReviewerEvidence } from './reviewer-evidence.js';

export interface EvidencePdfOptions {
  /** deflate page content (default true; tests may turn it off) */
  compress?: boolean;
  /** shown on the title page */
  organisation?: string;
}

const whole = (n: number) => n.toLocaleString('en-GB');
const days = (n: number | null) => (n === null ? 'none' : `${whole(n)} working ${n === 1 ? 'day' : 'days'}`);
const pct = (p: number | null) => (p === null ? '-' : `${p}%`);

const periodText = (e: ReviewerEvidence) => `${formatLongDate(e.period.from)} to ${formatLongDate(e.period.to)}`;

function titlePage(w: PdfWriter, e: ReviewerEvidence, organisation: string) {
  const { doc } = w;
  w.banner(organisation, 'GP referral triage');

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

function summaryPage(w: PdfWriter, e: ReviewerEvidence) {
  w.newPage();
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

function specialtyTable(w: PdfWriter, e: ReviewerEvidence) {
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

function feedbackSection(w: PdfWriter, e: ReviewerEvidence) {
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
  const mark = { yes: COLOUR.green, partly: COLOUR.grey, no: COLOUR.secondary } as const;
  for (const c of f.comments) {
    w.comment(`${formatLongDate(c.givenOn)}  |  ${c.specialty}  |  ${c.outcomeLabel}  |  ${c.helpfulLabel}`, c.comment, mark[c.helpful]);
  }
}

/** Renders the evidence; resolves with the PDF's bytes. */
export function renderReviewerEvidencePdf(e: ReviewerEvidence, options: EvidencePdfOptions = {}): Promise<Buffer> {
  const organisation = options.organisation ?? 'Commissioning Hub referral gateway';
  return renderPdf({
    title: `Reviewer evidence: ${e.reviewer.displayName}, ${periodText(e)}`, author: organisation,
    subject: 'Reviewer evidence for revalidation', createdAt: new Date(e.generatedAt), compress: options.compress,
  }, (w) => {
    titlePage(w, e, organisation);
    summaryPage(w, e);
    specialtyTable(w, e);
    feedbackSection(w, e);
    w.footers(`Reviewer evidence: ${e.reviewer.displayName}, ${periodText(e)}. Generated ${formatLongDate(e.generatedAt.slice(0, 10))}.`);
  });
}
