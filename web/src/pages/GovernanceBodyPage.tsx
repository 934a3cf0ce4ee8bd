/**
 * /governance/bodies/:id: one body (ORG-3): its members with their roles, practices, sessions per
 * week, terms and declarations of interest in force; its meetings; and, for the council, the
 * practices that have no member. Those who keep the governance records add and change members
 * (?member=<id> opens one for changing) and meetings, and the body's own details.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useBody, useUpdateBody, type BodyDetail, type Member } from '../api/governance.js';
import { MeetingForm } from '../governance/MeetingForm.js';
import { MemberForm } from '../governance/MemberForm.js';
import { DeclarationTags, GOVERNANCE_PATHS, TermTag, fromServer, summaryOf, withGroup, type FieldErrors } from '../governance/shared.js';
import { formatDate, formatShortDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { WarningCallout } from '../nhsuk/Card.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function GovernanceBodyPage() {
  return (
    <RequirePermission permission="governance.read">
      <GovernanceBody />
    </RequirePermission>
  );
}
export default GovernanceBodyPage;

function GovernanceBody() {
  const id = Number(useParams().id);
  const body = useBody(id);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(body.data?.name ?? 'Governance body', formErrors);
  if (body.isPending) return <LoadingStatus>Loading the body…</LoadingStatus>;
  if (body.isError) return <ProblemMessage><p>The body could not be loaded. {body.error.message}</p></ProblemMessage>;
  return <BodyView body={body.data} onErrorsChange={setFormErrors} />;
}

function BodyView({ body, onErrorsChange }: { body: BodyDetail; onErrorsChange: (has: boolean) => void }) {
  const me = useCurrentUser();
  const manages = can(me, 'governance.manage');
  const [search, setSearch] = useSearchParams();
  const editing = body.memberList.find((m) => m.id === Number(search.get('member'))) ?? null;
  const [done, setDone] = useState<string | null>(null);
  const announce = (message: string) => {
    setDone(message);
    onErrorsChange(false);
  };
  const closeEdit = () => setSearch(new URLSearchParams(), { preventScrollReset: true });
  const showSessions = body.kind === 'medical_directors' || body.memberList.some((m) => m.sessionsPerWeek !== null);

  return (
    <>
      <p><Link className="nhsuk-link" to={withGroup(GOVERNANCE_PATHS.home, body.groupCode)}>All bodies of {body.groupName}</Link></p>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{body.groupName}</span>
      <h1>{body.name}</h1>
      <SummaryList rows={[
        { key: 'Kind', value: body.kindLabel },
        { key: 'Meets', value: body.cadence || 'Not recorded' },
        { key: 'Members', value: `${body.currentMembers} sitting today${body.members !== body.currentMembers ? ` (${body.members} on record)` : ''}` },
        { key: 'Next meeting', value: body.nextMeeting ? <Link className="nhsuk-link" to={GOVERNANCE_PATHS.meeting(body.nextMeeting.id)}>{formatDate(body.nextMeeting.heldOn)}: {body.nextMeeting.title}</Link> : 'None planned' },
        { key: 'Terms of reference', value: body.termsOfReference ? <span className="app-pre-line">{body.termsOfReference}</span> : 'Not recorded' },
      ]} />

      {body.practicesWithoutMember && (body.practicesWithoutMember.length ? (
        <WarningCallout heading={`${plural(body.practicesWithoutMember.length, 'practice')} without a council member`}>
          <p>The council has one member for each practice of the group. These have none sitting today:</p>
          <ul>{body.practicesWithoutMember.map((p) => <li key={p.code}>{p.name} ({p.code})</li>)}</ul>
        </WarningCallout>
      ) : <InsetText><p>Every practice of the group has its member on the council.</p></InsetText>)}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {body.memberList.length === 0 ? <p>No members are recorded yet.</p> : (
          <Table caption={`Members of ${body.name}`} captionHidden scrollable>
            <TableHead>
              <HeaderCell>Name</HeaderCell>
              <HeaderCell>Role</HeaderCell>
              <HeaderCell>Practice</HeaderCell>
              {showSessions && <HeaderCell numeric>Sessions a week</HeaderCell>}
              <HeaderCell>Term</HeaderCell>
              <HeaderCell>Declared interests in force</HeaderCell>
              {manages && <HeaderCell><span className="nhsuk-u-visually-hidden">Change</span></HeaderCell>}
            </TableHead>
            <TableBody>
              {body.memberList.map((m) => <MemberRow key={m.id} member={m} showSessions={showSessions} manages={manages} editing={editing?.id === m.id} />)}
            </TableBody>
          </Table>
        )}
        <p><Link className="nhsuk-link" to={withGroup(GOVERNANCE_PATHS.interests, body.groupCode)}>The register of declarations of interest</Link></p>
      </section>

      {manages && editing && (
        <section aria-labelledby="edit-member">
          <h2 id="edit-member">Change {editing.personName}’s details</h2>
          <MemberForm key={editing.id} body={body} member={editing} onErrorsChange={onErrorsChange} onCancel={closeEdit}
            onDone={(message) => { announce(message); closeEdit(); }} />
        </section>
      )}

      <section aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">Meetings</h2>
        {body.meetings.length === 0 ? <p>No meetings are recorded yet.</p> : (
          <Table caption={`Meetings of ${body.name}`} captionHidden>
            <TableHead>
              <HeaderCell>Date</HeaderCell>
              <HeaderCell>Meeting</HeaderCell>
              <HeaderCell>Where</HeaderCell>
              <HeaderCell>Status</HeaderCell>
              <HeaderCell numeric>Decisions</HeaderCell>
            </TableHead>
            <TableBody>
              {body.meetings.map((m) => (
                <TableRow key={m.id}>
                  <Cell rowHeader nowrap><Link className="nhsuk-link" to={GOVERNANCE_PATHS.meeting(m.id)}>{formatShortDate(m.heldOn)}<span className="nhsuk-u-visually-hidden">: {m.title}</span></Link></Cell>
                  <Cell>{m.title}</Cell>
                  <Cell>{m.location}</Cell>
                  <Cell><Tag colour={m.status === 'held' ? 'green' : m.status === 'cancelled' ? 'grey' : 'blue'}>{m.statusLabel}</Tag></Cell>
                  <Cell numeric>{m.decisions}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <p><Link className="nhsuk-link" to={`${withGroup(GOVERNANCE_PATHS.decisions, body.groupCode)}&body=${body.id}`}>Decisions of {body.name}</Link></p>
      </section>

      {manages && (
        <>
          <section aria-labelledby="add-member">
            <h2 id="add-member">Add a member</h2>
            <MemberForm body={body} member={null} onDone={announce} onErrorsChange={onErrorsChange} />
          </section>
          <section aria-labelledby="add-meeting">
            <h2 id="add-meeting">Add a meeting</h2>
            <MeetingForm bodyId={body.id} meeting={null} onDone={announce} onErrorsChange={onErrorsChange} />
          </section>
          <Details summary="Change the body’s name, cadence or terms of reference">
            <BodyForm body={body} onDone={announce} onErrorsChange={onErrorsChange} />
          </Details>
        </>
      )}
    </>
  );
}

function MemberRow({ member: m, showSessions, manages, editing }: { member: Member; showSessions: boolean; manages: boolean; editing: boolean }) {
  return (
    <TableRow>
      <Cell rowHeader>
        {m.personName}
        {m.username && <><br /><span className="nhsuk-body-s app-secondary">Account: {m.username}</span></>}
      </Cell>
      <Cell>{m.role}{m.discipline && <><br /><span className="app-secondary">{m.discipline}</span></>}</Cell>
      <Cell>{m.practiceCode ? `${m.practiceName ?? ''} (${m.practiceCode})` : ''}</Cell>
      {showSessions && <Cell numeric>{m.sessionsPerWeek ?? ''}</Cell>}
      <Cell>
        <TermTag status={m.termStatus} label={m.termStatusLabel} />
        <br /><span className="nhsuk-body-s">{m.termStart || m.termEnd ? `${m.termStart ? formatShortDate(m.termStart) : '…'} to ${m.termEnd ? formatShortDate(m.termEnd) : 'no set end'}` : 'No set term'}</span>
      </Cell>
      <Cell><DeclarationTags declarations={m.declarations} /></Cell>
      {manages && (
        <Cell nowrap>
          {editing ? <span className="app-secondary">Being changed</span>
            : <Link className="nhsuk-link" to={`?member=${m.id}#edit-member`}>Change<span className="nhsuk-u-visually-hidden"> {m.personName}</span></Link>}
        </Cell>
      )}
    </TableRow>
  );
}

type BodyField = 'name' | 'cadence' | 'termsOfReference';

function BodyForm({ body, onDone, onErrorsChange }: { body: BodyDetail; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const ids: Record<BodyField, string> = { name: 'edit-body-name', cadence: 'edit-body-cadence', termsOfReference: 'edit-body-terms' };
  const update = useUpdateBody();
  const [values, setValues] = useState({ name: body.name, cadence: body.cadence, termsOfReference: body.termsOfReference });
  const [errors, setErrors] = useState<FieldErrors<BodyField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, ids, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  function show(found: FieldErrors<BodyField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }
  return (
    <form noValidate onSubmit={(event) => {
      event.preventDefault();
      if (!values.name.trim()) return show({ name: 'Enter the body’s name' }, null);
      show({}, null);
      update.mutate({ id: body.id, ...values }, {
        onSuccess: () => onDone('The body’s details are saved.'),
        onError: (error) => {
          const mapped = fromServer(error, ['name', 'cadence', 'termsOfReference'] as const);
          show(mapped.fields, mapped.general);
        },
      });
    }}>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id={ids.name} label="Name" width={30} maxLength={200} value={values.name} error={errors.name} onChange={(e) => set('name')(e.target.value)} />
      <TextInput id={ids.cadence} label="How often it meets" width={30} maxLength={200} value={values.cadence} error={errors.cadence} onChange={(e) => set('cadence')(e.target.value)} />
      <Textarea id={ids.termsOfReference} label="Terms of reference" rows={5} maxLength={20000} value={values.termsOfReference} error={errors.termsOfReference}
        onChange={(e) => set('termsOfReference')(e.target.value)} />
      <Button variant="secondary" disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save details'}</Button>
    </form>
  );
}
