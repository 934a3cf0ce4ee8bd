/**
 * The referring practice's feedback on the GP reviewer's decision (REF-11), for the referral page.
 *
 * Place it on /referrals/:id (ReferralPage) after the action forms and before the history:
 *   <ReferralFeedback key={round} referralId={r.id} events={r.events} onDone={onDone} />
 *
 * It fetches GET /api/referrals/:id/feedback itself and shows, by who is looking:
 * - a user of the referring practice, once a reviewer has decided: the radios "Was the reviewer's
 *   decision helpful?" (yes, partly, no) and a comment, filled in with what the practice said
 *   before, if anything (sending again changes it);
 * - a reviewer who decided on the referral: the practice's feedback, read only, if there is any;
 * - anyone else, or before a decision: nothing (the server refuses them, and the component stays
 *   silent rather than show an error about an optional part of the page). Given the referral's
 *   events, it does not even ask for a reviewer who took no decision on it, so opening a referral
 *   leaves no refused request in the audit log.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { HELPFUL, HELPFUL_LABELS, useGiveFeedback, useReferralFeedback, type Helpful, type ReferralFeedbackView } from '../api/reviewer-evidence.js';
import { formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Textarea } from '../nhsuk/Textarea.js';

export interface ReferralFeedbackProps {
  /** the referral's id (uuid) */
  referralId: string;
  /** the referral's history (ReferralView.events): a reviewer asks for the feedback only if they took a decision in it */
  events?: { actor: string; action: string }[];
  /** called with a confirmation to show in the page's success banner once feedback is saved */
  onDone?: (message: string) => void;
  /** told whether the form shows errors, so the page can prefix its title with "Error:" */
  onErrorsChange?: (hasErrors: boolean) => void;
}

const ANSWERS: Record<Helpful, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };
const NAME = 'referral-feedback-helpful';
const COMMENT_ID = 'referral-feedback-comment';
const MAX_COMMENT = 2000;

const DECISIONS = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'];

export function ReferralFeedback({ referralId, events, onDone, onErrorsChange }: ReferralFeedbackProps) {
  const me = useCurrentUser();
  // Only the practice and the reviewers who decided can see feedback: others do not ask.
  const decidedByMe = !events || events.some((e) => e.actor === me.username && DECISIONS.includes(e.action));
  const mayAsk = can(me, 'feedback.give') || (can(me, 'referral.triage') && decidedByMe);
  const state = useReferralFeedback(referralId, mayAsk);
  if (!mayAsk || !state.data || !state.data.decided) return null;
  const { feedback, canGive } = state.data;
  if (canGive) return <FeedbackForm referralId={referralId} current={feedback} onDone={onDone} onErrorsChange={onErrorsChange} />;
  if (!feedback) return null;
  return (
    <section aria-labelledby="referral-feedback-heading">
      <h2 id="referral-feedback-heading">The practice’s feedback on the decision</h2>
      <SummaryList rows={[
        { key: 'Was the decision helpful?', value: feedback.helpfulLabel },
        { key: 'Comment', value: feedback.comment || <span className="app-secondary">No comment</span> },
        { key: 'Given', value: `${formatDateTime(feedback.givenAt)} by ${feedback.givenBy}` },
      ]} />
    </section>
  );
}

function FeedbackForm({ referralId, current, onDone, onErrorsChange }: Omit<ReferralFeedbackProps, 'events'> & { current: ReferralFeedbackView | null }) {
  const give = useGiveFeedback(referralId);
  const [helpful, setHelpful] = useState<Helpful | null>(current?.helpful ?? null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [errors, setErrors] = useState<{ helpful?: string; comment?: string }>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function show(found: { helpful?: string; comment?: string }, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange?.(Boolean(found.helpful || found.comment || problem));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const found: { helpful?: string; comment?: string } = {};
    if (!helpful) found.helpful = 'Select whether the reviewer’s decision was helpful';
    if (comment.length > MAX_COMMENT) found.comment = `Comment must be ${MAX_COMMENT.toLocaleString('en-GB')} characters or fewer`;
    show(found, null);
    if (!helpful || found.comment) return;
    give.mutate({ helpful, comment: comment.trim() }, {
      onSuccess: () => {
        const message = current ? 'Your feedback on the reviewer’s decision has been changed' : 'Thank you: your feedback on the reviewer’s decision has been sent';
        show({}, null);
        if (onDone) onDone(message);
        else setSaved(message);
      },
      onError: (error) => {
        const fields: { helpful?: string; comment?: string } = {};
        const rest: string[] = [];
        if (error instanceof ApiError) {
          for (const d of error.details) {
            const key = d.field?.replace(/^body\./, '');
            if (key === 'helpful' || key === 'comment') fields[key] = `${key === 'helpful' ? 'Helpful' : 'Comment'} ${d.message}`;
            else rest.push(d.message);
          }
        }
        show(fields, fields.helpful || fields.comment ? (rest.join(' ') || null) : (error.message || 'Your feedback could not be sent.'));
      },
    });
  }

  const summary = [
    ...(errors.helpful ? [{ text: errors.helpful, fieldId: firstRadioId(NAME) }] : []),
    ...(errors.comment ? [{ text: errors.comment, fieldId: COMMENT_ID }] : []),
    ...(general ? [{ text: general }] : []),
  ];

  return (
    <section aria-labelledby="referral-feedback-heading">
      <h2 id="referral-feedback-heading">Feedback on the reviewer’s decision</h2>
      <p>
        Your feedback goes to the GP reviewer as part of the evidence they keep for revalidation, without the patient’s details.
        {current ? ` You sent feedback on ${formatDateTime(current.givenAt)}; you can change it.` : ''}
      </p>
      {saved && <p className="nhsuk-body" role="status">{saved}.</p>}
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Radios<Helpful> name={NAME} legend="Was the reviewer’s decision helpful?" legendSize="s" value={helpful} onChange={setHelpful} error={errors.helpful} inline
          options={HELPFUL.map((h) => ({ value: h, label: ANSWERS[h] }))} />
        <Textarea id={COMMENT_ID} label="Comment (optional)" hint="What helped, or what would have helped. Do not include the patient’s name or NHS number."
          value={comment} onChange={(e) => setComment(e.target.value)} error={errors.comment} rows={3} />
        <Button variant="secondary" disabled={give.isPending}>{give.isPending ? 'Sending…' : current ? 'Change feedback' : 'Send feedback'}</Button>
      </form>
      {current && <p className="nhsuk-body-s app-secondary">Currently: {HELPFUL_LABELS[current.helpful].toLowerCase()}{current.comment ? `, “${current.comment}”` : ''}.</p>}
    </section>
  );
}
