/**
 * /plans/:id/business-cases: the plan's outline business cases (PLAN-2), each with its status, the
 * money it needs and releases, when it pays back, and whose approval it waits for; and a form to
 * add one (a title is enough: the rest is written on the case's own page).
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useBusinessCases, useCreateCase, type BusinessCase } from '../api/plan-cases.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { formatPence, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { CaseStatusTag, FrozenBanner, PlanParts, casePath, planPath, useIdParam } from '../plans/cases/shared.js';

export function BusinessCasesPage() {
  return (
    <RequirePermission permission="plan.read">
      <BusinessCases />
    </RequirePermission>
  );
}
export default BusinessCasesPage;

function BusinessCases() {
  const planId = useIdParam('id') ?? 0;
  const me = useCurrentUser();
  const cases = useBusinessCases(planId);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Business cases', formErrors);

  if (cases.isPending) return <LoadingStatus>Loading the business cases…</LoadingStatus>;
  if (cases.isError) return <ProblemMessage><p>The business cases could not be loaded. {cases.error.message}</p></ProblemMessage>;
  const { plan, cases: list } = cases.data;
  return (
    <>
      <BackLink to={planPath(planId)}>Back to the plan</BackLink>
      <span className="nhsuk-caption-l">{plan.title}</span>
      <h1>Business cases</h1>
      <PlanParts planId={planId} current="cases" />
      <FrozenBanner plan={plan} />
      <p>
        Each proposed service change has an outline business case: what it is, who benefits, the evidence, what it costs and what it releases, and its risks.
        It goes from idea to proposed; once the parties its delegation level needs have approved it, it is approved, and then live.
      </p>
      <LiveStatus>{list.length ? `${plural(list.length, 'business case')}.` : 'There are no business cases in this plan yet.'}</LiveStatus>
      {list.length > 0 && <CasesTable planId={planId} cases={list} />}
      {plan.editable && can(me, 'plan.edit') && <AddCase planId={planId} onErrorsChange={setFormErrors} />}
    </>
  );
}

function CasesTable({ planId, cases }: { planId: number; cases: BusinessCase[] }) {
  return (
    <Table caption="Business cases in this plan" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Business case</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell numeric>Up-front</HeaderCell>
        <HeaderCell numeric>Net over the model</HeaderCell>
        <HeaderCell>Payback</HeaderCell>
        <HeaderCell>Approval</HeaderCell>
      </TableHead>
      <TableBody>
        {cases.map((c) => (
          <TableRow key={c.id}>
            <Cell rowHeader><Link className="nhsuk-link" to={casePath(planId, c.id)}>{c.title}</Link></Cell>
            <Cell><CaseStatusTag status={c.status} label={c.statusLabel} /></Cell>
            <Cell numeric nowrap>{formatPence(c.upfrontInvestmentPence)}</Cell>
            <Cell numeric nowrap>{c.model.horizonYears ? `${formatPence(c.model.netTotalPence)} (${plural(c.model.horizonYears, 'year')})` : '—'}</Cell>
            <Cell>{c.model.paybackLabel}</Cell>
            <Cell>{c.approval.message}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function AddCase({ planId, onErrorsChange }: { planId: number; onErrorsChange: (has: boolean) => void }) {
  const create = useCreateCase(planId);
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'title'>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, { title: 'case-title' }, general);

  function show(found: FieldErrors<'title'>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return show({ title: 'Enter the title of the proposed service change' }, null);
    show({}, null);
    create.mutate({ title: title.trim() }, {
      onSuccess: (created) => navigate(casePath(planId, created.id)),
      onError: (error) => {
        const mapped = fromServer(error, ['title'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="add-case">
      <h2 id="add-case">Add a business case</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <TextInput id="case-title" label="Title" hint="The proposed service change, for example “Reducing A&E attendances”. You write the rest of the case next."
          width={30} maxLength={300} autoComplete="off" value={title} error={errors.title} onChange={(e) => setTitle(e.target.value)} />
        <Button disabled={create.isPending}>{create.isPending ? 'Adding…' : 'Add business case'}</Button>
      </form>
    </section>
  );
}
