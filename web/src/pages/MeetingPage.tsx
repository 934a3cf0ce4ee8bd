/**
 * /governance/meetings/:id: one meeting of a body: when and where, its decisions with their
 * outcomes and votes, and, shown first, the declarations of interest of its members that bear on
 * those decisions; then every declaration in force of those sitting on the day (the "declarations
 * of interest" item of the agenda). Those who keep the records change the meeting here.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMeeting, type MeetingDetail } from '../api/governance.js';
import { MeetingForm } from '../governance/MeetingForm.js';
import { ConflictsCallout, GOVERNANCE_PATHS, OutcomeTag, withGroup } from '../governance/shared.js';
import { formatDate, formatShortDate } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Details } from '../nhsuk/Details.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

export function MeetingPage() {
  return (
    <RequirePermission permission="governance.read">
      <MeetingView />
    </RequirePermission>
  );
}
export default MeetingPage;

function MeetingView() {
  const id = Number(useParams().id);
  const detail = useMeeting(id);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(detail.data ? `${detail.data.meeting.title}, ${formatDate(detail.data.meeting.heldOn)}` : 'Meeting', formErrors);
  if (detail.isPending) return <LoadingStatus>Loading the meeting…</LoadingStatus>;
  if (detail.isError) return <ProblemMessage><p>The meeting could not be loaded. {detail.error.message}</p></ProblemMessage>;
  return <Meeting detail={detail.data} onErrorsChange={setFormErrors} />;
}

function Meeting({ detail, onErrorsChange }: { detail: MeetingDetail; onErrorsChange: (has: boolean) => void }) {
  const me = useCurrentUser();
  const { meeting: m, decisions, conflicts, memberDeclarations } = detail;
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <p><Link className="nhsuk-link" to={GOVERNANCE_PATHS.body(m.bodyId)}>{m.bodyName}</Link></p>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{m.bodyName}</span>
      <h1>{m.title}, {formatDate(m.heldOn)}</h1>

      <ConflictsCallout heading="Declared interests in this meeting’s decisions" conflicts={conflicts}
        intro={<p>These members have declared an interest in what a decision of this meeting is about. Each may only be recorded as recused from that decision.</p>} />

      <SummaryList rows={[
        { key: 'Date', value: formatDate(m.heldOn) },
        { key: 'Where', value: m.location || 'Not recorded' },
        { key: 'Status', value: <Tag colour={m.status === 'held' ? 'green' : m.status === 'cancelled' ? 'grey' : 'blue'}>{m.statusLabel}</Tag> },
        { key: 'Notes', value: m.notes ? <span className="app-pre-line">{m.notes}</span> : 'None' },
      ]} />

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        {decisions.length ? (
          <Table caption={`Decisions of the meeting on ${formatDate(m.heldOn)}`} captionHidden>
            <TableHead>
              <HeaderCell>Decision</HeaderCell>
              <HeaderCell>Outcome</HeaderCell>
              <HeaderCell>Votes</HeaderCell>
              <HeaderCell>Recused</HeaderCell>
            </TableHead>
            <TableBody>
              {decisions.map((d) => (
                <TableRow key={d.id}>
                  <Cell rowHeader>
                    <Link className="nhsuk-link" to={GOVERNANCE_PATHS.decision(d.id)}>{d.title}</Link>
                    {d.subjects.length > 0 && <><br /><span className="nhsuk-body-s app-secondary">{d.subjects.map((s) => s.label).join('; ')}</span></>}
                  </Cell>
                  <Cell><OutcomeTag outcome={d.outcome} label={d.outcomeLabel} /></Cell>
                  <Cell nowrap>{d.tally.for} for, {d.tally.against} against, {d.tally.abstain} abstained</Cell>
                  <Cell>{d.recusals.length ? d.recusals.map((r) => r.personName).join(', ') : <span className="app-secondary">None</span>}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <p>No decisions of this meeting are recorded yet.</p>}
        {can(me, 'decision.record') && (
          <p><Link className="nhsuk-link" to={`${withGroup(GOVERNANCE_PATHS.decisions, m.groupCode)}&body=${m.bodyId}&meeting=${m.id}#record-decision`}>Record a decision of this meeting</Link></p>
        )}
      </section>

      <section aria-labelledby="declarations-heading">
        <h2 id="declarations-heading">Members’ declarations of interest in force on the day</h2>
        {memberDeclarations.length ? (
          <Table caption="Declarations of interest of members sitting on the day" captionHidden>
            <TableHead>
              <HeaderCell>Member</HeaderCell>
              <HeaderCell>Interest</HeaderCell>
              <HeaderCell>In</HeaderCell>
              <HeaderCell>Declared</HeaderCell>
            </TableHead>
            <TableBody>
              {memberDeclarations.map((d) => (
                <TableRow key={d.id}>
                  <Cell rowHeader>{d.personName}</Cell>
                  <Cell><strong>{d.kindLabel}</strong><br />{d.interest}</Cell>
                  <Cell>{d.subject.kindLabel}: {d.subject.label}</Cell>
                  <Cell nowrap>{formatShortDate(d.declaredOn)}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <InsetText><p>None of the members sitting on the day had a declaration of interest in force.</p></InsetText>}
      </section>

      {can(me, 'governance.manage') && (
        <Details summary="Change this meeting">
          <MeetingForm bodyId={m.bodyId} meeting={m} onErrorsChange={onErrorsChange} onDone={(message) => { setDone(message); onErrorsChange(false); }} />
        </Details>
      )}
    </>
  );
}
