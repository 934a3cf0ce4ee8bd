/**
 * /governance/delegation: the co-commissioning level the group holds for each function the hub
 * approves (ORG-4, seed 002): category A advisory (the group recommends, the commissioner
 * decides), B joint (both approve) or C delegated (the group decides); A until a level is set.
 * The level decides who the hub asks to approve, e.g. a business case. Those who keep the
 * governance records change a level with the A/B/C choice under each function.
 */
import { useState, type FormEvent } from 'react';
import { useBodies, useDelegation, useSetDelegation, type Category, type Delegation, type FunctionLevel } from '../api/governance.js';
import { GovernanceNav, GroupForm, fromServer, useGroupParam } from '../governance/shared.js';
import { formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

export function DelegationPage() {
  return (
    <RequirePermission permission="governance.read">
      <DelegationView />
    </RequirePermission>
  );
}
export default DelegationPage;

function DelegationView() {
  const me = useCurrentUser();
  const [group, setGroup] = useGroupParam();
  const delegation = useDelegation(group);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Delegation', formErrors);

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Delegation</h1>
      <p className="nhsuk-lede-text">Which decisions the group advises on, shares with the commissioner, or takes itself. The level of each function decides who the hub asks to approve.</p>
      {group && <GroupForm key={`group-${group}`} id="delegation-group" group={group} onChange={(g) => { setDone(null); setGroup(g); }} />}
      <GovernanceNav current="delegation" group={group} />

      {delegation.isPending && <LoadingStatus>Loading the delegation levels…</LoadingStatus>}
      {delegation.isError && <ProblemMessage><p>The delegation levels could not be loaded. {delegation.error.message}</p></ProblemMessage>}
      {delegation.data && (
        <>
          <Levels delegation={delegation.data} />
          <FunctionsTable delegation={delegation.data} />
          {can(me, 'governance.manage') && (
            <section aria-labelledby="change-levels">
              <h2 id="change-levels">Change a level</h2>
              {delegation.data.functions.map((f) => (
                <LevelForm key={`${group}-${f.code}-${f.category}-${f.bodyId ?? ''}`} group={group} fn={f} delegation={delegation.data}
                  onDone={(message) => { setDone(message); setFormErrors(false); }} onErrorsChange={setFormErrors} />
              ))}
            </section>
          )}
        </>
      )}
    </>
  );
}

function Levels({ delegation }: { delegation: Delegation }) {
  return (
    <dl className="nhsuk-summary-list">
      {delegation.categories.map((c) => (
        <div className="nhsuk-summary-list__row" key={c.category}>
          <dt className="nhsuk-summary-list__key">{c.label}</dt>
          <dd className="nhsuk-summary-list__value">{c.meaning} {c.approversText}.</dd>
        </div>
      ))}
    </dl>
  );
}

function FunctionsTable({ delegation }: { delegation: Delegation }) {
  return (
    <Table caption={`Levels held by ${delegation.groupName}`} scrollable>
      <TableHead>
        <HeaderCell>Function</HeaderCell>
        <HeaderCell>Level</HeaderCell>
        <HeaderCell>Who approves</HeaderCell>
        <HeaderCell>Held by</HeaderCell>
        <HeaderCell>Set</HeaderCell>
      </TableHead>
      <TableBody>
        {delegation.functions.map((f) => (
          <TableRow key={f.code}>
            <Cell rowHeader>{f.name}<br /><span className="nhsuk-body-s app-secondary">{f.description}</span></Cell>
            <Cell><Tag colour={f.category === 'C' ? 'green' : f.category === 'B' ? 'blue' : 'grey'}>{f.categoryLabel}</Tag></Cell>
            <Cell>{f.approversText}</Cell>
            <Cell>{f.bodyName ?? <span className="app-secondary">Not named</span>}</Cell>
            <Cell>{f.isDefault ? <span className="app-secondary">Not set: advisory by default</span> : <>{f.setBy}<br /><span className="nhsuk-body-s app-secondary">{formatDateTime(f.setAt)}</span></>}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function LevelForm({ group, fn, delegation, onDone, onErrorsChange }: {
  group: string;
  fn: FunctionLevel;
  delegation: Delegation;
  onDone: (message: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const name = `level-${fn.code.replace(/\W/g, '-')}`;
  const bodies = useBodies(group);
  const save = useSetDelegation();
  const [category, setCategory] = useState<Category>(fn.category);
  const [bodyId, setBodyId] = useState(fn.bodyId ? String(fn.bodyId) : '');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    onErrorsChange(false);
    // mutateAsync, not mutate's callbacks: the new level remounts this form (its key) when the levels
    // are fetched again, which can drop those callbacks before they run.
    save.mutateAsync({ functionCode: fn.code, groupCode: group, category, bodyId: bodyId ? Number(bodyId) : null }).then(
      (saved) => onDone(`${saved.name}: ${saved.categoryLabel}. ${saved.approversText}.`),
      (error: Error) => {
        const mapped = fromServer(error, [] as const);
        setProblem(mapped.general);
        onErrorsChange(true);
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="nhsuk-u-margin-bottom-6">
      {problem && <ErrorSummary errors={[{ text: problem, fieldId: firstRadioId(name) }]} />}
      <Radios<Category> name={name} legend={fn.name} legendSize="s" hint={fn.description} value={category} onChange={setCategory} inline small
        options={delegation.categories.map((c) => ({ value: c.category, label: c.label, hint: c.approversText }))} />
      <Select id={`${name}-body`} label="Body that holds it" value={bodyId} onChange={setBodyId}
        options={[{ value: '', text: 'Not named' }, ...(bodies.data ?? []).map((b) => ({ value: String(b.id), text: b.name }))]} />
      <Button variant="secondary" small disabled={save.isPending}>{save.isPending ? 'Saving…' : <>Save<span className="nhsuk-u-visually-hidden"> the level of {fn.name.toLowerCase()}</span></>}</Button>
    </form>
  );
}
