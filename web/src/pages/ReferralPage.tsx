/**
 * /referrals/:id: one referral, and what the signed-in user may do with it next. Actions appear
 * only when the user has the permission and the referral's status allows it (`nextActions`);
 * every change sends the version shown, and a conflict offers to reload.
 */
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { useReferral } from '../api/referrals.js';
import type { ReferralView } from '../api/types.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import type { PageProblems } from '../referrals/actions.js';
import { AttachmentsForm } from '../referrals/AttachmentsForm.js';
import { BookingForm, ContactForm, ProvideInfoForm } from '../referrals/BookingForms.js';
import type { SentState } from '../referrals/ReferralForm.js';
import { ClinicalDetails, Contacts, History, PathwayCheck, PatientDetails, ProvidersAndFiles, ReferralSummary } from '../referrals/ReferralDetails.js';
import { AssignmentForm, CloseForm, PriorApprovalForm, RecategoriseForm } from '../referrals/ReviewerForms.js';
import { TriageForm, triageActionsFor } from '../referrals/TriageForm.js';
import { ReferralFeedback } from '../reviewer-evidence/ReferralFeedback.js';

export function ReferralPage() {
  const { id = '' } = useParams();
  const referral = useReferral(id);
  const me = useCurrentUser();
  const location = useLocation();
  const sent = (location.state as SentState | null)?.sent ?? null;
  const [done, setDone] = useState<string | null>(null);
  const [problems, setProblems] = useState<PageProblems | null>(null);
  // Bumped after each change or reload, so the action forms start afresh on the new version.
  const [round, setRound] = useState(0);
  const status = referral.error instanceof ApiError ? referral.error.status : null;
  const title = referral.data ? `Referral ${referral.data.reference}` : status === 404 ? 'Referral not found' : status === 403 ? 'You cannot see this referral' : 'Referral';
  usePageTitle(title, Boolean(problems));

  if (referral.isPending) return <LoadingStatus>Loading the referral…</LoadingStatus>;
  if (referral.isError && !referral.data) {
    const listLink = can(me, 'referral.submit') ? <Link className="nhsuk-link" to="/referrals">your practice’s referrals</Link>
      : can(me, 'referral.triage') || can(me, 'referral.book') ? <Link className="nhsuk-link" to="/worklists">your worklists</Link> : null;
    if (status === 404) {
      return (
        <>
          <h1>Referral not found</h1>
          <p>There is no referral at this address that you can see. Check the link{listLink ? <>, or find the referral on {listLink}</> : ''}.</p>
        </>
      );
    }
    if (status === 403) {
      return (
        <>
          <h1>You cannot see this referral</h1>
          <p>{referral.error.message} Referrals hold patient-identifiable information, shown only to the referring practice, GP reviewers and the referral centre.</p>
        </>
      );
    }
    return (
      <>
        <h1>Sorry, there is a problem with the service</h1>
        <ProblemMessage><p>The referral could not be loaded. {referral.error.message}</p></ProblemMessage>
      </>
    );
  }

  const r = referral.data;
  const onDone = (message: string) => {
    setProblems(null);
    setDone(message);
    setRound((n) => n + 1);
  };
  const onProblems = (p: PageProblems | null) => {
    if (p) setDone(null);
    setProblems(p);
  };
  async function reload() {
    await referral.refetch();
    setProblems(null);
    setDone(null);
    setRound((n) => n + 1);
  }

  const back = can(me, 'referral.submit') ? { to: '/referrals', text: 'Our referrals' } : { to: '/worklists', text: 'Worklists' };
  const actionProps = { referral: r, onDone, onProblems };

  return (
    <>
      <BackLink to={back.to}>{`Back to ${back.text.toLowerCase()}`}</BackLink>
      {problems && (
        <ErrorSummary
          key={`${round}-${problems.items.map((i) => i.text).join('|')}`}
          title={problems.title ?? 'There is a problem'}
          errors={problems.items}
        >
          {problems.conflict && (
            <>
              <p>Nothing was changed.</p>
              <Button variant="secondary" type="button" className="nhsuk-u-margin-bottom-0" onClick={() => void reload()}>Reload referral</Button>
            </>
          )}
        </ErrorSummary>
      )}
      {sent && !done && (
        <NotificationBanner success heading={`Referral ${sent.reference} sent`}>
          <p>{r.status === 'forwarded' ? 'As a two-week-wait referral it has gone straight to the first-choice provider.' : 'It is on the GP reviewers’ worklist for triage.'}</p>
        </NotificationBanner>
      )}
      {sent?.attachmentProblem && !done && (
        <NotificationBanner heading="The attachment was not added">
          <p>{sent.attachmentProblem}</p>
        </NotificationBanner>
      )}
      {done && <NotificationBanner success heading={done} />}

      <span className="nhsuk-caption-l">{r.patient.givenName} {r.patient.familyName.toUpperCase()}</span>
      <h1>Referral {r.reference}</h1>
      <ReferralSummary referral={r} />
      <PatientDetails referral={r} />
      <ClinicalDetails referral={r} />
      <PathwayCheck referral={r} />
      <ProvidersAndFiles referral={r} />
      {(can(me, 'referral.submit') || can(me, 'referral.triage')) && <AttachmentsForm {...actionProps} />}

      <Actions key={round} me={me} referral={r} actionProps={actionProps} />
      <ReferralFeedback key={`feedback-${round}`} referralId={r.id} events={r.events} onDone={onDone} />

      <History events={r.events} />
      {r.contacts.length > 0 && <h2>Booking contacts</h2>}
      <Contacts referral={r} />
    </>
  );
}

function Actions({ me, referral: r, actionProps }: {
  me: ReturnType<typeof useCurrentUser>;
  referral: ReferralView;
  actionProps: Parameters<typeof TriageForm>[0];
}) {
  const reviewer = can(me, 'referral.triage');
  const booking = can(me, 'referral.book');
  const practice = can(me, 'referral.submit');
  const triage = reviewer && triageActionsFor(r.nextActions).length > 0;
  const underTriage = reviewer && r.canRecategorise;
  const priorApproval = reviewer && r.needsPriorApproval;
  const onBookingList = booking && r.nextActions.includes('book');
  const provideInfo = practice && r.nextActions.includes('provide_info');
  const close = (reviewer || booking) && r.nextActions.includes('close');
  if (!triage && !underTriage && !priorApproval && !onBookingList && !provideInfo && !close) return null;

  return (
    <div className="app-actions">
      {underTriage && <AssignmentForm {...actionProps} />}
      {priorApproval && <PriorApprovalForm {...actionProps} />}
      {triage && <TriageForm {...actionProps} />}
      {underTriage && (
        <Details summary="Re-categorise this referral">
          <RecategoriseForm {...actionProps} />
        </Details>
      )}
      {onBookingList && (
        <>
          <h2 id="booking-support">Booking support</h2>
          <p>{r.bookingStatus === 'patient_will_book' ? 'The patient has said they will book the appointment themselves.' : 'Help the patient book: record each contact, then the booking.'}</p>
          <ContactForm {...actionProps} />
          <BookingForm {...actionProps} />
        </>
      )}
      {provideInfo && <ProvideInfoForm {...actionProps} />}
      {close && <CloseForm {...actionProps} />}
    </div>
  );
}
