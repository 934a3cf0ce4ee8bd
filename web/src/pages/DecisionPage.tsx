/**
 * /governance/decisions/:id: one decision (ORG-6): what was decided, by which body, when, with
 * which papers and links; a warning callout naming every member of the deciding body with a
 * declared interest in what it is about (nobody with a conflict decides unseen); the votes, tally
 * and recusals; and a form to record a vote that, for a conflicted member, pre-selects "recused"
 * and says why (the server refuses any other vote for them).
 */
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { VOTES, VOTE_LABELS, useDecision, useRecordVote, type DecisionDetail, type Vote } from '../api/governance.js';
import { ConflictsCallout, GOVERNANCE_PATHS, OutcomeTag, VoteTag, fromServer, summaryOf, withGroup, type FieldErrors } from '../governance/shared.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList, type SummaryRow } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function DecisionPage() {
  return (
    <RequirePermission permission="governance.read">
      <DecisionView />
    </RequirePermission>
  );
}
export default DecisionPage;

function DecisionView() {
  const id = Number(useParams().id);
  const decision = useDecision(id);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(decision.data?.title ?? 'Decision', formErrors);
  if (decision.isPending) return <LoadingStatus>Loading the decision…</LoadingStatus>;
  if (decision.isError) return <ProblemMessage><p>The decision could not be loaded. {decision.error.message}</p></ProblemMessage>;
  return <Decision decision={decision.data} onErrorsChange={setFormErrors} />;
}

function Decision({ decision: d, onErrorsChange }: { decision: DecisionDetail; onErrorsChange: (has: boolean) => void }) {
  const me = useCurrentUser();
  const recorded = (useLocation().state as { recorded?: boolean } | null)?.recorded === true;
  const [done, setDone] = useState<string | null>(recorded ? 'Decision recorded.' : null);
  const rows: SummaryRow[] = [
    { key: 'Body', value: <Link className="nhsuk-link" to={GOVERNANCE_PATHS.body(d.bodyId)}>{d.bodyName}</Link> },
    { key: 'Date', value: formatDate(d.decidedOn) },
    { key: 'Meeting', value: d.meetingId ? <Link className="nhsuk-link" to={GOVERNANCE_PATHS.meeting(d.meetingId)}>{d.meetingTitle}</Link> : 'Not at a meeting' },
    { key: 'Outcome', value: <OutcomeTag outcome={d.outcome} label={d.outcomeLabel} /> },
  ];
  if (d.text) rows.push({ key: 'Detail', value: <span className="app-pre-line">{d.text}</span> });
  if (d.functionName) rows.push({ key: 'Function', value: d.functionName });
  if (d.planId) rows.push({ key: 'Plan', value: d.planTitle ?? `Plan ${d.planId}` });
  if (d.businessCaseId) rows.push({ key: 'Business case', value: `${d.businessCaseId}: ${d.businessCaseTitle ?? ''}` });
  if (d.budgetYear) rows.push({ key: 'Budget year', value: d.budgetYear });
  rows.push({ key: 'Subjects', value: d.subjects.length ? <ul className="nhsuk-list">{d.subjects.map((s) => <li key={`${s.kind}:${s.ref}`}>{s.kindLabel}: {s.label}</li>)}</ul> : 'None recorded' });
  rows.push({
    key: 'Papers',
    value: d.papers.length ? (
      <ul className="nhsuk-list">
        {d.papers.map((p, i) => <li key={i}>{p.link ? <a className="nhsuk-link" href={p.link} rel="noopener noreferrer">{p.title}</a> : p.title}</li>)}
      </ul>
    ) : 'None recorded',
  });
  rows.push({ key: 'Recorded', value: `By ${d.recordedBy} on ${formatDateTime(d.recordedAt)}` });

  return (
    <>
      <p><Link className="nhsuk-link" to={withGroup(GOVERNANCE_PATHS.decisions, d.groupCode)}>The decisions log</Link></p>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">Decision {d.id}</span>
      <h1>{d.title}</h1>
      <ConflictsCallout conflicts={d.conflictList} />
      <SummaryList rows={rows} />

      <section aria-labelledby="votes-heading">
        <h2 id="votes-heading">Votes</h2>
        <p>
          {d.tally.for} for, {d.tally.against} against, {d.tally.abstain} abstained{d.tally.recused ? `; ${d.tally.recused} recused (${d.recusals.map((r) => r.personName).join(', ')})` : ''}.
        </p>
        {d.votes.length > 0 ? (
          <Table caption="Votes recorded" captionHidden>
            <TableHead>
              <HeaderCell>Member</HeaderCell>
              <HeaderCell>Vote</HeaderCell>
              <HeaderCell>Reason</HeaderCell>
              <HeaderCell>Recorded</HeaderCell>
            </TableHead>
            <TableBody>
              {d.votes.map((v) => (
                <TableRow key={v.memberId}>
                  <Cell rowHeader>{v.personName}<br /><span className="nhsuk-body-s app-secondary">{v.role}</span></Cell>
                  <Cell><VoteTag vote={v.vote} label={v.voteLabel} /></Cell>
                  <Cell>{v.reason}</Cell>
                  <Cell>{v.recordedBy}<br /><span className="nhsuk-body-s app-secondary">{formatDateTime(v.recordedAt)}</span></Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <p>No votes are recorded yet.</p>}
      </section>

      {can(me, 'decision.record') && (
        <section aria-labelledby="record-vote">
          <h2 id="record-vote">Record a vote</h2>
          <VoteForm decision={d} onErrorsChange={onErrorsChange} onDone={(message) => { setDone(message); onErrorsChange(false); }} />
        </section>
      )}
    </>
  );
}

type VoteField = 'memberId' | 'vote' | 'reason';
const VOTE_IDS: Record<VoteField, string> = { memberId: 'vote-member', vote: firstRadioId('vote-choice'), reason: 'vote-reason' };

function VoteForm({ decision: d, onDone, onErrorsChange }: { decision: DecisionDetail; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const recordVote = useRecordVote();
  const voters = d.voters.filter((v) => v.eligible);
  const [memberId, setMemberId] = useState('');
  const [vote, setVote] = useState<Vote | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors<VoteField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, VOTE_IDS, general);
  const voter = voters.find((v) => String(v.memberId) === memberId) ?? null;

  function show(found: FieldErrors<VoteField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  // A conflicted member can only be recorded as recused: choosing them pre-selects it.
  function chooseMember(value: string) {
    setMemberId(value);
    const chosen = voters.find((v) => String(v.memberId) === value);
    setVote(chosen?.recusalNeeded ? 'recused' : (chosen?.vote ?? null));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<VoteField> = {};
    if (!voter) found.memberId = 'Select the member whose vote it is';
    if (!vote) found.vote = 'Select how they voted';
    else if (voter?.recusalNeeded && vote !== 'recused') found.vote = voter.recusalNeeded;
    show(found, null);
    if (!voter || !vote || Object.keys(found).length) return;
    recordVote.mutate({ decisionId: d.id, memberId: voter.memberId, vote, reason: reason.trim() }, {
      onSuccess: () => {
        onDone(`${voter.personName}’s vote recorded: ${VOTE_LABELS[vote].toLowerCase()}.`);
        setMemberId('');
        setVote(null);
        setReason('');
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['memberId', 'vote', 'reason'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  if (!voters.length) return <p>No members of {d.bodyName} held office on {formatDate(d.decidedOn)}, so there is nobody whose vote can be recorded.</p>;
  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={VOTE_IDS.memberId} label={`Member of ${d.bodyName}`} value={memberId} onChange={chooseMember} error={errors.memberId}
        options={[{ value: '', text: 'Choose a member' }, ...voters.map((v) => ({
          value: String(v.memberId), text: `${v.personName} (${v.role})${v.recusalNeeded ? ': declared interest' : ''}${v.vote ? `: voted ${VOTE_LABELS[v.vote].toLowerCase()}` : ''}`,
        }))]} />
      {voter?.recusalNeeded && (
        <InsetText>
          <p><strong>{voter.personName} must be recorded as recused.</strong> {voter.recusalNeeded.replace(/: record the vote as recused$/, '')}, and that interest was in force on the day of the decision.</p>
        </InsetText>
      )}
      <Radios<Vote> name="vote-choice" legend="Vote" legendSize="s" value={vote} onChange={setVote} error={errors.vote} inline
        options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))} />
      <Textarea id={VOTE_IDS.reason} label="Reason (optional)" hint={voter?.recusalNeeded ? 'Left blank, the declared interest is given as the reason.' : 'For example, why they abstained'}
        rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <Button disabled={recordVote.isPending}>{recordVote.isPending ? 'Recording…' : 'Record vote'}</Button>
    </form>
  );
}
