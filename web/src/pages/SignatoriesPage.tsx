/**
 * /plans/signatories: who signs each group's plan (PLAN-5; seed 004, section 10) — for every group,
 * the holder of each signatory role — and, for those who manage plans, naming a new holder from
 * the board members and commissioners.
 */
import { useState, type FormEvent } from 'react';
import { useAssignSignatory, useSignatories, useSignatoryCandidates, type GroupSignatories, type SignatoryCandidate } from '../api/signoff.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function SignatoriesPage() {
  return (
    <RequirePermission permission="plan.read">
      <Signatories />
    </RequirePermission>
  );
}
export default SignatoriesPage;

const ROLE_LABELS: Record<string, string> = { board: 'Board member', commissioner: 'Commissioning manager' };

function Signatories() {
  const me = useCurrentUser();
  const manages = can(me, 'plan.manage');
  const groups = useSignatories();
  const candidates = useSignatoryCandidates(manages);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Plan signatories', formErrors);

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Plan signatories</h1>
      <p className="nhsuk-lede-text">
        Each group’s commissioning plan is signed off by the holders of these roles. Each signs in Commissioning Hub, re-entering their password.
      </p>
      {groups.isPending && <LoadingStatus>Loading the signatories…</LoadingStatus>}
      {groups.isError && <ProblemMessage><p>The signatories could not be loaded. {groups.error.message}</p></ProblemMessage>}
      {groups.data?.length === 0 && <p>There are no groups yet.</p>}
      {groups.data?.map((g) => (
        <section key={g.groupCode} aria-labelledby={`group-${g.groupCode}`}>
          <h2 id={`group-${g.groupCode}`}>{g.groupName}</h2>
          <Table caption={`Signatories of ${g.groupName}`} captionHidden>
            <TableHead>
              <HeaderCell>Role</HeaderCell>
              <HeaderCell>Held by</HeaderCell>
              <HeaderCell>Named</HeaderCell>
            </TableHead>
            <TableBody>
              {g.roles.map((r) => (
                <TableRow key={r.roleCode}>
                  <Cell rowHeader>{r.label}</Cell>
                  <Cell>{r.holder ? <>{r.holder.displayName}<br /><span className="app-secondary">{ROLE_LABELS[r.holder.role] ?? r.holder.role}</span></> : <span className="app-secondary">Nobody yet</span>}</Cell>
                  <Cell>{r.holder ? <>{formatDateTime(r.holder.assignedAt)}<br /><span className="app-secondary">by {r.holder.assignedBy}</span></> : ''}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {manages && candidates.data && (
            <HolderForm group={g} candidates={candidates.data} onDone={setDone} onErrorsChange={setFormErrors} />
          )}
        </section>
      ))}
      {manages && candidates.isError && <ProblemMessage><p>The people who can sign could not be loaded. {candidates.error.message}</p></ProblemMessage>}
    </>
  );
}

type Field = 'roleCode' | 'userId';

function HolderForm({ group, candidates, onDone, onErrorsChange }: {
  group: GroupSignatories;
  candidates: SignatoryCandidate[];
  onDone: (message: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const assign = useAssignSignatory();
  const ids: Record<Field, string> = { roleCode: `holder-role-${group.groupCode}`, userId: `holder-user-${group.groupCode}` };
  const [roleCode, setRoleCode] = useState('');
  const [userId, setUserId] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, ids, general);

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!roleCode) found.roleCode = 'Select the role';
    if (!userId) found.userId = 'Select who holds it';
    show(found, null);
    if (Object.keys(found).length) return;
    const role = group.roles.find((r) => r.roleCode === roleCode);
    const person = candidates.find((c) => String(c.id) === userId);
    assign.mutate({ groupCode: group.groupCode, roleCode, userId: Number(userId) }, {
      onSuccess: () => {
        onDone(`${person?.displayName ?? 'The person chosen'} now holds the role of ${role?.label.toLowerCase() ?? roleCode} for ${group.groupName}.`);
        setRoleCode('');
        setUserId('');
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['roleCode', 'userId'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <Details summary={`Change a signatory of ${group.groupName}`}>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id={ids.roleCode} label="Role" value={roleCode} onChange={setRoleCode} error={errors.roleCode}
          options={[{ value: '', text: 'Choose a role' }, ...group.roles.map((r) => ({ value: r.roleCode, text: r.label }))]} />
        <Select id={ids.userId} label="Held by" hint="Board members and commissioners can sign plans." value={userId} onChange={setUserId} error={errors.userId}
          options={[{ value: '', text: 'Choose a person' }, ...candidates.map((c) => ({ value: String(c.id), text: `${c.displayName} (${ROLE_LABELS[c.role] ?? c.role})` }))]} />
        <Button disabled={assign.isPending}>{assign.isPending ? 'Saving…' : 'Save signatory'}</Button>
      </form>
    </Details>
  );
}
