/**
 * /running-costs: the commissioning body's own budgets for a year (FIN-9): lines under headings
 * (set-up, referral management, executive …), each heading with its total, and the overall total,
 * with spend and what is left. Finance and commissioners add lines and record spend; the line
 * being changed lives in the address.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  runningCostsDownloadUrl, useAddRunningCost, useRunningCosts, useUpdateRunningCost, type RunningCostLine, type RunningCosts,
} from '../api/allowances.js';
import { YearForm, fromServer, summaryOf, useYearParam, type FieldErrors } from '../allowances/shared.js';
import { parsePoundsInput, poundsInputOf } from '../activity/money.js';
import { formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';

export function RunningCostsPage() {
  return (
    <RequirePermission permission="budget.view">
      <RunningCostsView />
    </RequirePermission>
  );
}

const NEW_HEADING = '__new__';

function RunningCostsView() {
  const me = useCurrentUser();
  const manages = can(me, 'budget.manage');
  const [year, setYear] = useYearParam();
  const [search, setSearch] = useSearchParams();
  const costs = useRunningCosts(year);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Running costs', formErrors);
  const editingId = Number(search.get('line')) || null;
  const editing = costs.data?.headings.flatMap((h) => h.lines).find((l) => l.id === editingId) ?? null;
  const linkTo = (id: number | null) => {
    const next = new URLSearchParams(search);
    if (id) next.set('line', String(id));
    else next.delete('line');
    const qs = next.toString();
    return qs ? `?${qs}` : '?';
  };
  const finish = (message: string) => {
    setDone(message);
    setFormErrors(false);
    setSearch(new URLSearchParams(linkTo(null).slice(1)), { preventScrollReset: true });
  };

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Running costs</h1>
      <p className="nhsuk-lede-text">The commissioning body’s own budgets: set-up, referral management, the executive and others, line by line, with what has been spent.</p>
      <YearForm key={year} id="running-costs-year" year={year} onChange={(y) => { setDone(null); setYear(y); }} button="Show running costs" />

      {costs.isPending && <LoadingStatus>Loading the running costs…</LoadingStatus>}
      {costs.isError && <ProblemMessage><p>The running costs could not be loaded. {costs.error.message}</p></ProblemMessage>}
      {costs.data && (
        <>
          {editing && manages && (
            <EditLineForm key={editing.id} line={editing} headings={costs.data.headings.map((h) => h.heading)} closeLink={linkTo(null)}
              onDone={finish} onErrorsChange={setFormErrors} />
          )}
          {costs.data.headings.length === 0
            ? <p>There are no running-cost lines for {year} yet.</p>
            : <CostsTable costs={costs.data} editLink={manages ? (l) => linkTo(l.id) : null} editingId={editing?.id ?? null} />}
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={runningCostsDownloadUrl('xlsx', year)} download>Download the running costs for {year} (XLSX)</a></li>
            <li><a className="nhsuk-link" href={runningCostsDownloadUrl('csv', year)} download>Download the running costs for {year} (CSV)</a></li>
          </ul>
          {manages && <AddLineForm key={year} year={year} headings={costs.data.headings.map((h) => h.heading)} onDone={(m) => { setDone(m); setFormErrors(false); }} onErrorsChange={setFormErrors} />}
        </>
      )}
    </>
  );
}

function CostsTable({ costs, editLink, editingId }: { costs: RunningCosts; editLink: ((l: RunningCostLine) => string) | null; editingId: number | null }) {
  return (
    <Table caption={`Running costs for ${costs.year}`} captionSize="m" scrollable>
      <TableHead>
        <HeaderCell>Line</HeaderCell>
        <HeaderCell numeric>Budget</HeaderCell>
        <HeaderCell numeric>Spent</HeaderCell>
        <HeaderCell numeric>Left</HeaderCell>
        {editLink && <HeaderCell><span className="nhsuk-u-visually-hidden">Change</span></HeaderCell>}
      </TableHead>
      <TableBody>
        {costs.headings.flatMap((h) => [
          <TableRow key={`heading-${h.heading}`}>
            <Cell rowHeader><strong>{h.heading}</strong></Cell>
            <Cell>{''}</Cell>
            <Cell>{''}</Cell>
            <Cell>{''}</Cell>
            {editLink && <Cell>{''}</Cell>}
          </TableRow>,
          ...h.lines.map((l) => (
            <TableRow key={l.id}>
              <Cell rowHeader>{l.line}</Cell>
              <Cell numeric nowrap>{formatPence(l.budgetPence)}</Cell>
              <Cell numeric nowrap>{formatPence(l.spentPence)}</Cell>
              <Cell numeric nowrap>{formatPence(l.remainingPence)}</Cell>
              {editLink && (
                <Cell nowrap>
                  {l.id === editingId
                    ? <span className="app-secondary">Shown above</span>
                    : <Link className="nhsuk-link" to={editLink(l)}>Change<span className="nhsuk-u-visually-hidden"> {l.line}, {h.heading}</span></Link>}
                </Cell>
              )}
            </TableRow>
          )),
          <TableRow key={`total-${h.heading}`}>
            <Cell rowHeader>Total: {h.heading}</Cell>
            <Cell numeric nowrap><strong>{formatPence(h.budgetPence)}</strong></Cell>
            <Cell numeric nowrap><strong>{formatPence(h.spentPence)}</strong></Cell>
            <Cell numeric nowrap><strong>{formatPence(h.remainingPence)}</strong></Cell>
            {editLink && <Cell>{''}</Cell>}
          </TableRow>,
        ])}
        <TableRow>
          <Cell rowHeader>Total</Cell>
          <Cell numeric nowrap><strong>{formatPence(costs.budgetPence)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(costs.spentPence)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(costs.remainingPence)}</strong></Cell>
          {editLink && <Cell>{''}</Cell>}
        </TableRow>
      </TableBody>
    </Table>
  );
}

type LineField = 'heading' | 'newHeading' | 'line' | 'budgetPence' | 'spentPence';

interface LineValues { heading: string; newHeading: string; line: string; budget: string; spent: string }

/** Checks what can be checked before sending; the amounts in pence when they are right. */
function validate(values: LineValues): { errors: FieldErrors<LineField>; heading: string; budgetPence: number | null; spentPence: number | null } {
  const errors: FieldErrors<LineField> = {};
  const heading = values.heading === NEW_HEADING ? values.newHeading.trim() : values.heading;
  if (!values.heading) errors.heading = 'Select the heading the line goes under';
  else if (values.heading === NEW_HEADING && !heading) errors.newHeading = 'Enter the new heading, like Set-up costs';
  if (!values.line.trim()) errors.line = 'Enter what the line is for';
  const budgetPence = parsePoundsInput(values.budget);
  if (!values.budget.trim()) errors.budgetPence = 'Enter the budget for the line';
  else if (budgetPence === null) errors.budgetPence = 'Budget must be in pounds, like 20000 or 20000.00';
  const spentPence = values.spent.trim() ? parsePoundsInput(values.spent) : 0;
  if (spentPence === null) errors.spentPence = 'Spent must be in pounds, like 4160 or 4160.00';
  return { errors, heading, budgetPence, spentPence };
}

function LineFields({ idPrefix, values, set, headings, errors }: {
  idPrefix: string;
  values: LineValues;
  set: (key: keyof LineValues) => (value: string) => void;
  headings: string[];
  errors: FieldErrors<LineField>;
}) {
  return (
    <>
      <Radios<string> name={`${idPrefix}-heading`} legend="Heading" legendSize="s" value={values.heading} onChange={set('heading')} error={errors.heading}
        options={[
          ...headings.map((h) => ({ value: h, label: h })),
          {
            value: NEW_HEADING, label: 'A new heading',
            conditional: <TextInput id={`${idPrefix}-new-heading`} label="New heading" width={30} maxLength={200} value={values.newHeading}
              error={errors.newHeading} onChange={(e) => set('newHeading')(e.target.value)} />,
          },
        ]} />
      <TextInput id={`${idPrefix}-line`} label="Line" hint="For example, GP reviewer salaries" width={30} maxLength={200} autoComplete="off"
        value={values.line} error={errors.line} onChange={(e) => set('line')(e.target.value)} />
      <TextInput id={`${idPrefix}-budget`} label="Budget, in pounds" width={10} inputMode="decimal" autoComplete="off"
        value={values.budget} error={errors.budgetPence} onChange={(e) => set('budget')(e.target.value)} />
      <TextInput id={`${idPrefix}-spent`} label="Spent so far, in pounds" hint="Leave blank if nothing has been spent yet." width={10} inputMode="decimal" autoComplete="off"
        value={values.spent} error={errors.spentPence} onChange={(e) => set('spent')(e.target.value)} />
    </>
  );
}

const fieldIds = (prefix: string): Record<LineField, string> => ({
  heading: firstRadioId(`${prefix}-heading`), newHeading: `${prefix}-new-heading`, line: `${prefix}-line`, budgetPence: `${prefix}-budget`, spentPence: `${prefix}-spent`,
});
const SERVER_FIELDS = ['heading', 'line', 'budgetPence', 'spentPence'] as const;

function AddLineForm({ year, headings, onDone, onErrorsChange }: { year: string; headings: string[]; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const add = useAddRunningCost();
  const empty: LineValues = { heading: '', newHeading: '', line: '', budget: '', spent: '' };
  const [values, setValues] = useState<LineValues>(empty);
  const [errors, setErrors] = useState<FieldErrors<LineField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const ids = fieldIds('add-line');
  const summary = summaryOf(errors, ids, general);
  const set = (key: keyof LineValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<LineField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(values);
    show(checked.errors, null);
    if (Object.keys(checked.errors).length || checked.budgetPence === null || checked.spentPence === null) return;
    add.mutate({ year, heading: checked.heading, line: values.line.trim(), budgetPence: checked.budgetPence, spentPence: checked.spentPence }, {
      onSuccess: (line) => {
        onDone(`${line.line} added under ${line.heading} with a budget of ${formatPence(line.budgetPence)}.`);
        setValues({ ...empty, heading: line.heading });
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, SERVER_FIELDS);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="add-line-heading">
      <h2 id="add-line-heading">Add a line</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <LineFields idPrefix="add-line" values={values} set={set} headings={headings} errors={errors} />
        <Button disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add line'}</Button>
      </form>
    </section>
  );
}

function EditLineForm({ line, headings, closeLink, onDone, onErrorsChange }: {
  line: RunningCostLine;
  headings: string[];
  closeLink: string;
  onDone: (message: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const update = useUpdateRunningCost();
  const [values, setValues] = useState<LineValues>({ heading: line.heading, newHeading: '', line: line.line, budget: poundsInputOf(line.budgetPence), spent: poundsInputOf(line.spentPence) });
  const [errors, setErrors] = useState<FieldErrors<LineField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const ids = fieldIds('edit-line');
  const summary = summaryOf(errors, ids, general);
  const set = (key: keyof LineValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<LineField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(values);
    show(checked.errors, null);
    if (Object.keys(checked.errors).length || checked.budgetPence === null || checked.spentPence === null) return;
    update.mutate({ id: line.id, heading: checked.heading, line: values.line.trim(), budgetPence: checked.budgetPence, spentPence: checked.spentPence, sortOrder: line.sortOrder }, {
      onSuccess: (saved) => onDone(`${saved.line} saved: ${formatPence(saved.spentPence)} spent of ${formatPence(saved.budgetPence)}.`),
      onError: (error) => {
        const mapped = fromServer(error, SERVER_FIELDS);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="edit-line-heading">
      <h2 id="edit-line-heading">Change {line.line}</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <LineFields idPrefix="edit-line" values={values} set={set} headings={headings} errors={errors} />
        <Button disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save line'}</Button>
      </form>
      <p><Link className="nhsuk-link" to={closeLink}>Cancel</Link></p>
    </section>
  );
}
