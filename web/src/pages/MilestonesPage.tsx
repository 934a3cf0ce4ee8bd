/**
 * /plans/:id/milestones: the plan's deliverables and milestones (PLAN-3), each read as "By 31 March
 * 2027 we will deliver …", with its owner, status, evidence, and whether it is overdue or one of
 * the success criteria that trigger the achievement payment (FIN-6: milestones, not savings).
 * Milestone trackers record status and evidence at any time; plan writers add and reword
 * milestones while the plan is a draft. The milestone open for a change lives in the address.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  MILESTONE_STATUSES, MILESTONE_STATUS_LABELS, useBusinessCases, useCreateMilestone, useDeleteMilestone, useMilestones, useTrackMilestone, useUpdateMilestone,
  type Milestone, type MilestoneStatus, type PaymentMilestones, type PlanState,
} from '../api/plan-cases.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { FrozenBanner, MilestoneStatusTag, PlanParts, planPath, useIdParam } from '../plans/cases/shared.js';
import { isoFromParts, partsFromIso } from '../referrals/referral-form.js';

export function MilestonesPage() {
  return (
    <RequirePermission permission="plan.read">
      <Milestones />
    </RequirePermission>
  );
}
export default MilestonesPage;

function Milestones() {
  const planId = useIdParam('id') ?? 0;
  const me = useCurrentUser();
  const found = useMilestones(planId);
  const [search, setSearch] = useSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Milestones', formErrors);

  if (found.isPending) return <LoadingStatus>Loading the milestones…</LoadingStatus>;
  if (found.isError) return <ProblemMessage><p>The milestones could not be loaded. {found.error.message}</p></ProblemMessage>;
  const { plan, milestones, payment } = found.data;
  const selected = milestones.find((m) => m.id === Number(search.get('milestone'))) ?? null;
  const mode = search.get('change') === 'wording' && plan.editable ? 'wording' : 'track';
  const mayTrack = can(me, 'milestone.track');
  const mayWrite = plan.editable && can(me, 'plan.edit');
  const open = (m: Milestone | null, change: 'track' | 'wording' = 'track') => {
    const next = new URLSearchParams(search);
    if (m) {
      next.set('milestone', String(m.id));
      next.set('change', change);
    } else {
      next.delete('milestone');
      next.delete('change');
    }
    return `?${next.toString()}`;
  };
  const finish = (message: string) => {
    setDone(message);
    setFormErrors(false);
    setSearch(new URLSearchParams(open(null).slice(1)), { preventScrollReset: true });
  };

  return (
    <>
      <BackLink to={planPath(planId)}>Back to the plan</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{plan.title}</span>
      <h1>Milestones</h1>
      <PlanParts planId={planId} current="milestones" />
      <FrozenBanner plan={plan} />
      <PaymentPanel payment={payment} plan={plan} />

      {selected && mode === 'track' && mayTrack && (
        <TrackForm key={selected.id} planId={planId} milestone={selected} closeLink={open(null)} onDone={finish} onErrorsChange={setFormErrors} />
      )}
      {selected && mode === 'wording' && mayWrite && (
        <section aria-labelledby="edit-milestone">
          <h2 id="edit-milestone" tabIndex={-1}>Change the milestone</h2>
          <MilestoneForm key={selected.id} planId={planId} milestone={selected} onDone={finish} onErrorsChange={setFormErrors} />
          <p><Link className="nhsuk-link" to={open(null)}>Cancel</Link></p>
        </section>
      )}

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">Deliverables and milestones</h2>
        <LiveStatus>{milestones.length ? `${plural(milestones.length, 'milestone')}, ${milestones.filter((m) => m.overdue).length} overdue.` : 'This plan has no milestones yet.'}</LiveStatus>
        {milestones.length > 0 && (
          <Table caption="Milestones, by due date" captionHidden scrollable>
            <TableHead>
              <HeaderCell>Milestone</HeaderCell>
              <HeaderCell>Owner</HeaderCell>
              <HeaderCell>Status</HeaderCell>
              <HeaderCell>Evidence</HeaderCell>
              <HeaderCell><span className="nhsuk-u-visually-hidden">Actions</span></HeaderCell>
            </TableHead>
            <TableBody>
              {milestones.map((m) => (
                <TableRow key={m.id}>
                  <Cell rowHeader>
                    {m.sentence}
                    {m.businessCaseTitle && <><br /><span className="nhsuk-body-s app-secondary">For: {m.businessCaseTitle}</span></>}
                    {m.triggersPayment && <><br /><Tag colour="purple">Triggers payment</Tag></>}
                  </Cell>
                  <Cell>{m.owner || '—'}</Cell>
                  <Cell>
                    <MilestoneStatusTag status={m.status} label={m.statusLabel} />
                    {m.overdue && <><br /><Tag colour="red">Overdue</Tag></>}
                  </Cell>
                  <Cell>{m.evidence || '—'}</Cell>
                  <Cell nowrap>
                    {mayTrack && <Link className="nhsuk-link" to={open(m, 'track')}>Update<span className="nhsuk-u-visually-hidden"> the status of: {m.deliverable}</span></Link>}
                    {mayWrite && <><br /><Link className="nhsuk-link" to={open(m, 'wording')}>Change<span className="nhsuk-u-visually-hidden"> the wording of: {m.deliverable}</span></Link></>}
                  </Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      {mayWrite && (
        <section aria-labelledby="add-milestone">
          <h2 id="add-milestone">Add a milestone</h2>
          <MilestoneForm planId={planId} milestone={null} onDone={(message) => { setDone(message); setFormErrors(false); }} onErrorsChange={setFormErrors} />
        </section>
      )}
    </>
  );
}

function PaymentPanel({ payment, plan }: { payment: PaymentMilestones; plan: PlanState }) {
  return (
    <InsetText>
      <p>
        The success criteria that trigger the achievement payment are milestones, not savings.{' '}
        {payment.total === 0
          ? 'No milestone of this plan triggers the payment yet.'
          : payment.met
            ? `All ${plural(payment.total, 'payment milestone')} are delivered: every practice of ${plan.groupName} has met the milestones condition of its ${plan.year} incentive.`
            : `${payment.delivered} of ${plural(payment.total, 'payment milestone')} delivered. When all are, every practice of ${plan.groupName} meets the milestones condition of its ${plan.year} incentive.`}
      </p>
    </InsetText>
  );
}

// ── Status and evidence ─────────────────────────────────────────────────────────────────────────

function TrackForm({ planId, milestone: m, closeLink, onDone, onErrorsChange }: {
  planId: number; milestone: Milestone; closeLink: string; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void;
}) {
  const track = useTrackMilestone(planId);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [m.id]);
  const [status, setStatus] = useState<MilestoneStatus>(m.status);
  const [evidence, setEvidence] = useState(m.evidence);
  const [errors, setErrors] = useState<FieldErrors<'status' | 'evidence'>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, { status: firstRadioId('milestone-status'), evidence: 'milestone-evidence' }, general);

  function show(found: FieldErrors<'status' | 'evidence'>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (status === 'delivered' && !evidence.trim()) return show({ evidence: 'Enter the evidence that the milestone was delivered' }, null);
    show({}, null);
    track.mutate({ id: m.id, status, evidence: evidence.trim() }, {
      onSuccess: (result) => onDone(`Milestone marked ${result.milestone.statusLabel.toLowerCase()}.${result.paymentEvidenceRecorded
        ? (result.payment.met ? ` All payment milestones are delivered: ${plural(result.paymentEvidenceRecorded, 'practice')} now meet the milestones condition.` : ` ${plural(result.paymentEvidenceRecorded, 'practice')} no longer meet the milestones condition.`)
        : ''}`),
      onError: (error) => {
        const mapped = fromServer(error, ['status', 'evidence'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="track-milestone">
      <h2 id="track-milestone" ref={heading} tabIndex={-1}>Update: {m.sentence}</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Radios<MilestoneStatus> name="milestone-status" legend="Status" legendSize="s" value={status} onChange={setStatus} error={errors.status}
          options={MILESTONE_STATUSES.map((s) => ({ value: s, label: MILESTONE_STATUS_LABELS[s] }))} />
        <Textarea id="milestone-evidence" label="Evidence" hint="What shows it was delivered: a document, a report, a meeting and its date. Needed when it is delivered."
          rows={3} maxLength={4000} value={evidence} error={errors.evidence} onChange={(e) => setEvidence(e.target.value)} />
        <ButtonGroup>
          <Button disabled={track.isPending}>{track.isPending ? 'Saving…' : 'Save'}</Button>
          <Link className="nhsuk-link" to={closeLink}>Cancel</Link>
        </ButtonGroup>
      </form>
    </section>
  );
}

// ── Wording ─────────────────────────────────────────────────────────────────────────────────────

type WordingField = 'dueOn' | 'deliverable' | 'owner' | 'businessCaseId';

function MilestoneForm({ planId, milestone, onDone, onErrorsChange }: { planId: number; milestone: Milestone | null; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const cases = useBusinessCases(planId);
  const create = useCreateMilestone(planId);
  const update = useUpdateMilestone(planId);
  const remove = useDeleteMilestone(planId);
  const prefix = milestone ? `milestone-${milestone.id}` : 'new-milestone';
  const ids: Record<WordingField, string> = { dueOn: dateInputId(`${prefix}-due`), deliverable: `${prefix}-deliverable`, owner: `${prefix}-owner`, businessCaseId: `${prefix}-case` };
  const [due, setDue] = useState<DateParts>(milestone ? partsFromIso(milestone.dueOn) : EMPTY_DATE);
  const [deliverable, setDeliverable] = useState(milestone?.deliverable ?? '');
  const [owner, setOwner] = useState(milestone?.owner ?? '');
  const [caseId, setCaseId] = useState(milestone?.businessCaseId ? String(milestone.businessCaseId) : '');
  const [payment, setPayment] = useState(milestone?.triggersPayment ?? false);
  const [errors, setErrors] = useState<FieldErrors<WordingField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, ids, general);
  const pending = create.isPending || update.isPending || remove.isPending;

  function show(found: FieldErrors<WordingField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }
  const failed = (error: Error) => {
    const mapped = fromServer(error, ['dueOn', 'deliverable', 'owner', 'businessCaseId'] as const);
    show(mapped.fields, mapped.general);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<WordingField> = {};
    const dueOn = isoFromParts(due);
    if (!due.day.trim() && !due.month.trim() && !due.year.trim()) found.dueOn = 'Enter the date it will be delivered by';
    else if (!dueOn) found.dueOn = 'Date must be a real date, like 31 3 2027';
    if (!deliverable.trim()) found.deliverable = 'Enter what will be delivered';
    show(found, null);
    if (Object.keys(found).length || !dueOn) return;
    const input = { dueOn, deliverable: deliverable.trim(), owner: owner.trim(), businessCaseId: caseId ? Number(caseId) : null, triggersPayment: payment };
    if (milestone) {
      update.mutate({ id: milestone.id, ...input }, { onSuccess: (saved) => onDone(`Saved: ${saved.sentence}`), onError: failed });
    } else {
      create.mutate(input, {
        onSuccess: (saved) => {
          onDone(`Added: ${saved.sentence}`);
          setDue(EMPTY_DATE);
          setDeliverable('');
          setOwner('');
          setCaseId('');
          setPayment(false);
        },
        onError: failed,
      });
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <DateInput id={`${prefix}-due`} legend="By" hint="The date it will be delivered by, for example 31 3 2027." value={due} onChange={setDue} error={errors.dueOn} />
      <Textarea id={ids.deliverable} label="We will deliver" labelSize="s" hint="What will be delivered, for example “a GP in A&E four sessions a week”." rows={2} maxLength={1000}
        value={deliverable} error={errors.deliverable} onChange={(e) => setDeliverable(e.target.value)} />
      <TextInput id={ids.owner} label="Owner" hint="Who is responsible for it." width={30} maxLength={200} value={owner} error={errors.owner} onChange={(e) => setOwner(e.target.value)} />
      <Select id={ids.businessCaseId} label="Business case (optional)" value={caseId} error={errors.businessCaseId} onChange={setCaseId}
        options={[{ value: '', text: 'None' }, ...(cases.data?.cases ?? []).map((c) => ({ value: String(c.id), text: c.title }))]} />
      <Checkbox id={`${prefix}-payment`} label="It triggers the achievement payment" hint="A success criterion of the incentive: when all such milestones are delivered, the practices have met the milestones condition."
        checked={payment} onChange={setPayment} />
      <ButtonGroup>
        <Button disabled={pending}>{pending ? 'Saving…' : milestone ? 'Save milestone' : 'Add milestone'}</Button>
        {milestone && (
          <Button type="button" variant="secondary" disabled={pending}
            onClick={() => remove.mutate(milestone.id, { onSuccess: () => onDone(`Removed: ${milestone.sentence}`), onError: failed })}>
            Remove milestone
          </Button>
        )}
      </ButtonGroup>
    </form>
  );
}
