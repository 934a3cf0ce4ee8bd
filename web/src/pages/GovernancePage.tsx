/**
 * /governance: a group's governance bodies (ORG-3): council, board, medical directors, executive,
 * directors, leads and the commissioner's support team, with how many sit on each, when each next
 * meets, and whether every practice has its member on the council. Those who keep the governance
 * records add bodies here; each body's page has its members and meetings.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { BODY_KINDS, BODY_KIND_LABELS, membersDownloadUrl, useBodies, useCreateBody, type BodyKind, type BodySummary } from '../api/governance.js';
import { GOVERNANCE_PATHS, GovernanceNav, GroupForm, fromServer, summaryOf, useGroupParam, type FieldErrors } from '../governance/shared.js';
import { formatDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { WarningCallout } from '../nhsuk/Card.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function GovernancePage() {
  return (
    <RequirePermission permission="governance.read">
      <Governance />
    </RequirePermission>
  );
}
export default GovernancePage;

function Governance() {
  const me = useCurrentUser();
  const [group, setGroup] = useGroupParam();
  const bodies = useBodies(group);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Governance', formErrors);
  const council = bodies.data?.find((b) => b.kind === 'council');

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Governance</h1>
      <p className="nhsuk-lede-text">
        Who decides for the group: its council of one member per practice, the board, the medical directors, the executive committee, directors,
        leads and the commissioner’s support team, with their terms and meetings.
      </p>
      {group && <GroupForm key={`group-${group}`} id="governance-group" group={group} onChange={(g) => { setDone(null); setGroup(g); }} />}
      <GovernanceNav current="bodies" group={group} />

      {bodies.isPending && <LoadingStatus>Loading the bodies…</LoadingStatus>}
      {bodies.isError && <ProblemMessage><p>The bodies could not be loaded. {bodies.error.message}</p></ProblemMessage>}
      {bodies.data && (
        <>
          <CouncilCompleteness council={council ?? null} />
          <LiveStatus visuallyHidden>{plural(bodies.data.length, 'body', 'bodies')}.</LiveStatus>
          {bodies.data.length ? <BodiesTable bodies={bodies.data} /> : <p>The group has no governance bodies recorded yet.</p>}
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={membersDownloadUrl('xlsx', group)} download>Download every member (XLSX)</a></li>
            <li><a className="nhsuk-link" href={membersDownloadUrl('csv', group)} download>Download every member (CSV)</a></li>
          </ul>
        </>
      )}

      {can(me, 'governance.manage') && group && (
        <AddBodyForm key={`add-${group}`} group={group} onDone={(message) => { setDone(message); setFormErrors(false); }} onErrorsChange={setFormErrors} />
      )}
    </>
  );
}

function CouncilCompleteness({ council }: { council: BodySummary | null }) {
  if (!council) return <InsetText><p>The group has no council yet. A council has one member for each practice of the group.</p></InsetText>;
  const missing = council.practicesWithoutMember ?? [];
  if (!missing.length) {
    return <InsetText><p>Every practice of the group has its member on the <Link className="nhsuk-link" to={GOVERNANCE_PATHS.body(council.id)}>{council.name}</Link>.</p></InsetText>;
  }
  return (
    <WarningCallout heading={`${plural(missing.length, 'practice')} without a council member`}>
      <p>The council has one member for each practice. These have none sitting today:</p>
      <ul>{missing.map((p) => <li key={p.code}>{p.name} ({p.code})</li>)}</ul>
      <p><Link className="nhsuk-link" to={GOVERNANCE_PATHS.body(council.id)}>Go to the {council.name}</Link></p>
    </WarningCallout>
  );
}

function BodiesTable({ bodies }: { bodies: BodySummary[] }) {
  return (
    <Table caption="The group’s bodies" scrollable>
      <TableHead>
        <HeaderCell>Body</HeaderCell>
        <HeaderCell>Kind</HeaderCell>
        <HeaderCell numeric>Members</HeaderCell>
        <HeaderCell>Meets</HeaderCell>
        <HeaderCell>Next meeting</HeaderCell>
      </TableHead>
      <TableBody>
        {bodies.map((b) => (
          <TableRow key={b.id}>
            <Cell rowHeader><Link className="nhsuk-link" to={GOVERNANCE_PATHS.body(b.id)}>{b.name}</Link></Cell>
            <Cell>{b.kindLabel}</Cell>
            <Cell numeric>{b.currentMembers}{b.members !== b.currentMembers && <span className="app-secondary"> of {b.members}</span>}</Cell>
            <Cell>{b.cadence || <span className="app-secondary">Not recorded</span>}</Cell>
            <Cell>{b.nextMeeting
              ? <Link className="nhsuk-link" to={GOVERNANCE_PATHS.meeting(b.nextMeeting.id)}>{formatDate(b.nextMeeting.heldOn)}<span className="nhsuk-u-visually-hidden">: {b.nextMeeting.title}</span></Link>
              : <span className="app-secondary">None planned</span>}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type BodyField = 'kind' | 'name' | 'cadence' | 'termsOfReference';
const BODY_IDS: Record<BodyField, string> = { kind: 'body-kind', name: 'body-name', cadence: 'body-cadence', termsOfReference: 'body-terms' };

function AddBodyForm({ group, onDone, onErrorsChange }: { group: string; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const create = useCreateBody();
  const [values, setValues] = useState({ kind: '' as BodyKind | '', name: '', cadence: '', termsOfReference: '' });
  const [errors, setErrors] = useState<FieldErrors<BodyField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, BODY_IDS, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<BodyField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<BodyField> = {};
    if (!values.kind) found.kind = 'Select what kind of body it is';
    if (!values.name.trim()) found.name = 'Enter the body’s name';
    show(found, null);
    if (Object.keys(found).length || !values.kind) return;
    create.mutate({ groupCode: group, kind: values.kind, name: values.name.trim(), cadence: values.cadence.trim(), termsOfReference: values.termsOfReference.trim() }, {
      onSuccess: (body) => {
        onDone(`${body.name} added.`);
        setValues({ kind: '', name: '', cadence: '', termsOfReference: '' });
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['kind', 'name', 'cadence', 'termsOfReference'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="add-body">
      <h2 id="add-body">Add a body</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id={BODY_IDS.kind} label="Kind of body" value={values.kind} error={errors.kind} onChange={set('kind')}
          options={[{ value: '', text: 'Choose a kind' }, ...BODY_KINDS.map((k) => ({ value: k, text: BODY_KIND_LABELS[k] }))]} />
        <TextInput id={BODY_IDS.name} label="Name" width={30} maxLength={200} autoComplete="off" value={values.name} error={errors.name} onChange={(e) => set('name')(e.target.value)} />
        <TextInput id={BODY_IDS.cadence} label="How often it meets (optional)" hint="For example, quarterly, in the evening" width={30} maxLength={200} autoComplete="off"
          value={values.cadence} error={errors.cadence} onChange={(e) => set('cadence')(e.target.value)} />
        <Textarea id={BODY_IDS.termsOfReference} label="Terms of reference (optional)" rows={4} maxLength={20000}
          value={values.termsOfReference} error={errors.termsOfReference} onChange={(e) => set('termsOfReference')(e.target.value)} />
        <Button disabled={create.isPending}>{create.isPending ? 'Adding…' : 'Add body'}</Button>
      </form>
    </section>
  );
}
