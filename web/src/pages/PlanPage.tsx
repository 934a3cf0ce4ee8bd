/**
 * /plans/:id: a group's commissioning plan for a year (PLAN-1), as a document. Each section says
 * who completes it; the reader may write the sections that are theirs while the plan is a draft
 * (?edit=<key> opens the editor in place). A plan with the signatories, or signed, is read-only
 * and says so at the top, with what can be done instead (withdraw it; start a new version).
 */
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { planPaths, usePlan, useSendForSignOff, useStartNewVersion, useWithdrawVersion, type PlanView } from '../api/plans.js';
import { formatDateTime } from '../format/dates.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { FiguresTable } from '../plans/FiguresTable.js';
import { PlanDocument } from '../plans/PlanDocument.js';
import { PlanMarkdown } from '../plans/PlanMarkdown.js';
import { PlanStatusTag, sectionId } from '../plans/PlanTags.js';
import { SectionEditor } from '../plans/SectionEditor.js';

export default function PlanPage() {
  return (
    <RequirePermission permission="plan.read">
      <Plan />
    </RequirePermission>
  );
}
export { PlanPage };

function Plan() {
  const planId = Number(useParams().id);
  const plan = usePlan(planId);
  const [search, setSearch] = useSearchParams();
  const editing = search.get('edit');
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(plan.data?.plan.title ?? 'Commissioning plan', formErrors);

  if (plan.isPending) return <LoadingStatus>Loading the plan…</LoadingStatus>;
  if (plan.isError) {
    return (
      <>
        <h1>Commissioning plan</h1>
        <ProblemMessage><p>{plan.error instanceof ApiError && plan.error.status === 404 ? 'This plan was not found.' : `The plan could not be loaded. ${plan.error.message}`}</p></ProblemMessage>
        <p><Link className="nhsuk-link" to="/plans">All plans</Link></p>
      </>
    );
  }
  const view = plan.data;
  const { plan: p } = view;
  const closeEditor = (message: string | null) => {
    setFormErrors(false);
    setDone(message);
    const next = new URLSearchParams(search);
    next.delete('edit');
    setSearch(next, { preventScrollReset: true });
  };

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <p><Link className="nhsuk-link" to={`/plans?year=${encodeURIComponent(p.year)}`}>All plans for {p.year}</Link></p>
      <h1>{p.title}</h1>
      <p className="nhsuk-lede-text">{p.groupName} ({p.groupCode}), financial year {p.year}. <PlanStatusTag status={p.status} /> version {p.version}</p>

      <StatusPanel view={view} onDone={(message) => { setFormErrors(false); setDone(message); }} onErrorsChange={setFormErrors} />

      <ul className="nhsuk-list">
        <li><Link className="nhsuk-link" to={planPaths.versions(p.id)}>Versions and comparison</Link></li>
        <li><Link className="nhsuk-link" to={planPaths.signOff(p.id)}>Sign-off</Link></li>
        <li><Link className="nhsuk-link" to={planPaths.businessCases(p.id)}>Business cases</Link></li>
        <li><Link className="nhsuk-link" to={planPaths.milestones(p.id)}>Deliverables and milestones</Link></li>
        <li><Link className="nhsuk-link" to={planPaths.responsibilities(p.id)}>Roles and responsibilities</Link></li>
      </ul>

      {view.introduction && (
        <Details summary="Purpose and principles of the plan">
          <PlanMarkdown markdown={view.introduction} figures={view.figures} />
        </Details>
      )}

      <PlanDocument
        planId={p.id}
        sections={view.sections}
        live={view.live}
        figures={view.figures}
        editing={editing}
        editLink={p.status === 'draft' ? (key) => `?edit=${encodeURIComponent(key)}#${sectionId(key)}` : undefined}
        editor={(key) => {
          const section = view.sections.find((s) => s.key === key);
          return section?.mayEdit
            ? <SectionEditor key={`${key}-${section.revision}`} planId={p.id} section={section} figures={view.figures}
                onSaved={closeEditor} onCancel={() => closeEditor(null)} onErrorsChange={setFormErrors} />
            : null;
        }}
      />

      <FiguresTable figures={view.figures} caption={view.frozen ? `Figures as frozen in version ${p.version}` : 'Figures, drawn live from budgets and activity'} />
    </>
  );
}

/** What state the plan is in, what that means for changing it, and the manager's actions. */
function StatusPanel({ view, onDone, onErrorsChange }: { view: PlanView; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const { plan: p, version } = view;
  if (p.status === 'draft') {
    return (
      <>
        <InsetText>
          <p>This is the draft of version {p.version}: {p.sectionsWritten} of {p.sectionsToWrite} sections written.
            Each section says who completes it; the sections you may write have a Write or Edit link. Figures are drawn live and frozen when the plan is sent for sign-off.</p>
        </InsetText>
        {view.mayManage && <SendForSignOff planId={p.id} ready={p.sectionsWritten === p.sectionsToWrite} onDone={onDone} onErrorsChange={onErrorsChange} />}
      </>
    );
  }
  const sent = version ? ` Sent by ${version.sentBy} on ${formatDateTime(version.sentAt)}.` : '';
  if (p.status === 'in_sign_off') {
    return (
      <NotificationBanner title="Read-only" heading={`Version ${p.version} is with the signatories: this plan cannot be changed`}>
        <p>{sent} What you see is the version as sent, with its figures frozen. <Link className="nhsuk-link" to={planPaths.signOff(p.id)}>See who has signed</Link>.</p>
        {view.mayManage && <ReasonForm id="withdraw" label="Why the version is withdrawn" button="Withdraw this version" required
          hint="The signatures so far stay with this version; the plan becomes a draft again, as the next version."
          useAction={useWithdrawVersion} planId={p.id} onDone={(v) => onDone(`Version ${p.version} withdrawn. The plan is a draft again, as version ${v}.`)} onErrorsChange={onErrorsChange} />}
      </NotificationBanner>
    );
  }
  return (
    <NotificationBanner title="Read-only" heading={`Version ${p.version} is signed: this plan cannot be changed`}>
      <p>{sent}{version?.signedAt ? ` Fully signed on ${formatDateTime(version.signedAt)}.` : ''} The signed version stays as it is for ever; to change the plan, start a new version.</p>
      {view.mayManage && <ReasonForm id="new-version" label="What the new version is for (optional)" button="Start a new version"
        hint="The new version starts as a copy of the signed one, as a draft."
        useAction={useStartNewVersion} planId={p.id} onDone={(v) => onDone(`Version ${v} started as a draft.`)} onErrorsChange={onErrorsChange} />}
    </NotificationBanner>
  );
}

function SendForSignOff({ planId, ready, onDone, onErrorsChange }: { planId: number; ready: boolean; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const send = useSendForSignOff(planId);
  const [problems, setProblems] = useState<{ message: string; items: ErrorSummaryItem[] } | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate(undefined, {
      onSuccess: ({ version }) => {
        setProblems(null);
        onErrorsChange(false);
        onDone(`Version ${version} sent to the signatories. The plan is read-only while they sign.`);
      },
      onError: (error) => {
        const items = error instanceof ApiError
          ? error.details.map((d) => ({ text: d.message, fieldId: d.field?.startsWith('sections.') ? sectionId(d.field.slice(9)) : undefined }))
          : [];
        setProblems({ message: error.message, items });
        onErrorsChange(true);
      },
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      {problems && <ErrorSummary title="The plan cannot be sent for sign-off yet" description={problems.message} errors={problems.items} />}
      <p>{ready ? 'Every section is written. Sending freezes this version, with its figures, for the signatories.' : 'When every section is written, send the plan to the signatories: this freezes the version with its figures.'}</p>
      <Button disabled={send.isPending}>{send.isPending ? 'Sending…' : 'Send for sign-off'}</Button>
    </form>
  );
}

function ReasonForm({ id, label, hint, button, required = false, useAction, planId, onDone, onErrorsChange }: {
  id: string;
  label: string;
  hint: string;
  button: string;
  required?: boolean;
  useAction: typeof useWithdrawVersion;
  planId: number;
  onDone: (version: number) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const run = useAction(planId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  function show(message: string | null) {
    setError(message);
    onErrorsChange(message !== null);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (required && !reason.trim()) {
      show('Enter why the version is withdrawn');
      return;
    }
    run.mutate(reason.trim(), { onSuccess: ({ version }) => { show(null); onDone(version); }, onError: (e) => show(e.message) });
  }
  return (
    <form onSubmit={submit} noValidate>
      {error && <ErrorSummary errors={[{ text: error, fieldId: `${id}-reason` }]} />}
      <Textarea id={`${id}-reason`} label={label} hint={hint} rows={2} maxLength={2000} value={reason} error={error} onChange={(e) => setReason(e.target.value)} />
      <Button variant="secondary" disabled={run.isPending}>{run.isPending ? 'Saving…' : button}</Button>
    </form>
  );
}
