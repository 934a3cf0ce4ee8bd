/**
 * /plans: the commissioning plans of a year, one per group, with how far each has got; a plan
 * manager starts a group's plan from the template in force. A practice sees its own group's plan.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { planPaths, usePlans, useStartPlan, type PlanSummary } from '../api/plans.js';
import { useGroups } from '../api/hooks.js';
import { YearForm, useYearParam } from '../allowances/shared.js';
import { formatShortDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { PlanStatusTag } from '../plans/PlanTags.js';

export default function PlansPage() {
  return (
    <RequirePermission permission="plan.read">
      <Plans />
    </RequirePermission>
  );
}
export { PlansPage };

function Plans() {
  const me = useCurrentUser();
  const [year, setYear] = useYearParam();
  const plans = usePlans(year);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Commissioning plans', formErrors);

  return (
    <>
      <h1>Commissioning plans</h1>
      <p className="nhsuk-lede-text">
        Each group’s plan for the year, written section by section by the consortium and the commissioner, then signed off by the named signatories.
      </p>
      <YearForm key={year} id="plans-year" year={year} onChange={setYear} button="Show plans" />
      {plans.isPending && <LoadingStatus>Loading the plans…</LoadingStatus>}
      {plans.isError && <ProblemMessage><p>The plans could not be loaded. {plans.error.message}</p></ProblemMessage>}
      {plans.data && (
        <>
          <LiveStatus>{plans.data.length ? `${plural(plans.data.length, 'plan')} for ${year}.` : `There are no plans for ${year} yet.`}</LiveStatus>
          {plans.data.length > 0 && <PlansTable plans={plans.data} year={year} />}
          {can(me, 'plan.manage') && <StartPlan key={year} year={year} started={plans.data} onErrorsChange={setFormErrors} />}
        </>
      )}
      {can(me, 'plan.template') && <p><Link className="nhsuk-link" to="/plans/template">Change the plan template for a later year</Link></p>}
    </>
  );
}

function PlansTable({ plans, year }: { plans: PlanSummary[]; year: string }) {
  return (
    <Table caption={`Plans for ${year}`} captionHidden scrollable>
      <TableHead>
        <HeaderCell>Group</HeaderCell>
        <HeaderCell>Plan</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell numeric>Sections written</HeaderCell>
        <HeaderCell>Last changed</HeaderCell>
      </TableHead>
      <TableBody>
        {plans.map((p) => (
          <TableRow key={p.id}>
            <Cell rowHeader>{p.groupName} ({p.groupCode})</Cell>
            <Cell><Link className="nhsuk-link" to={planPaths.plan(p.id)}>{p.title}</Link></Cell>
            <Cell><PlanStatusTag status={p.status} /><br /><span className="nhsuk-body-s app-secondary">version {p.version}</span></Cell>
            <Cell numeric nowrap>{p.sectionsWritten} of {p.sectionsToWrite}</Cell>
            <Cell nowrap>{formatShortDate(p.updatedAt)}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function StartPlan({ year, started, onErrorsChange }: { year: string; started: PlanSummary[]; onErrorsChange: (has: boolean) => void }) {
  const groups = useGroups();
  const start = useStartPlan();
  const navigate = useNavigate();
  const [group, setGroup] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = (groups.data ?? []).filter((g) => !started.some((p) => p.groupCode === g.code));
  if (groups.isSuccess && !open.length) return <p>Every group has a plan for {year}.</p>;

  function show(message: string | null) {
    setError(message);
    onErrorsChange(message !== null);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!group) {
      show('Select the group whose plan to start');
      return;
    }
    start.mutate({ groupCode: group, year }, {
      onSuccess: (created) => { show(null); void navigate(planPaths.plan(created.plan.id)); },
      onError: (e) => show(e.message),
    });
  }
  return (
    <section aria-labelledby="start-plan">
      <h2 id="start-plan">Start a plan for {year}</h2>
      <form onSubmit={submit} noValidate>
        {error && <ErrorSummary errors={[{ text: error, fieldId: 'start-plan-group' }]} />}
        <Select id="start-plan-group" label="Group" value={group} onChange={setGroup} error={error}
          hint={groups.isError ? `The groups could not be loaded: ${groups.error.message}` : 'The plan starts with the sections of the template in force for the year.'}
          options={[{ value: '', text: 'Choose a group' }, ...open.map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
        <Button disabled={start.isPending}>{start.isPending ? 'Starting…' : 'Start the plan'}</Button>
      </form>
    </section>
  );
}
