/**
 * /contracts: the year's contracts (ACT-4), one per provider, with their planned value and
 * variations; commissioners and finance can create one. Contracts are commissioner business:
 * practice users are told where their own activity is instead.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useContracts, type ContractSummary } from '../api/activity.js';
import { useProviders } from '../api/hooks.js';
import { CreateContractForm } from '../activity/ContractForms.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { formatShortDate } from '../format/dates.js';
import { formatCount, formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { formatSignedPence } from '../activity/money.js';

export function ContractsPage() {
  return (
    <RequirePermission permission="activity.view">
      <ContractsOrNot />
    </RequirePermission>
  );
}

function ContractsOrNot() {
  const me = useCurrentUser();
  if (me.role === 'practice') return <PracticeNotice />;
  return <Contracts />;
}

/** Practices see their own activity, not the commissioner's contracts. */
export function PracticeNotice() {
  usePageTitle('Contracts');
  return (
    <>
      <h1>Contracts</h1>
      <p>Contracts with providers are the commissioner’s business, so practices do not see them.</p>
      <p><Link className="nhsuk-link" to="/activity">See your practice’s hospital activity and cost</Link></p>
    </>
  );
}

function Contracts() {
  const me = useCurrentUser();
  const manages = can(me, 'contract.manage');
  const [search, setSearch] = useSearchParams();
  const yearParam = search.get('year');
  const year = isFinancialYear(yearParam) ? yearParam : currentFinancialYear();
  const contracts = useContracts(year);
  const providers = useProviders();
  const navigate = useNavigate();
  const [formHasErrors, setFormHasErrors] = useState(false);
  const onErrorsChange = useCallback((has: boolean) => setFormHasErrors(has), []);
  usePageTitle('Contracts', formHasErrors);

  return (
    <>
      <h1>Contracts</h1>
      <p className="nhsuk-lede-text">One contract per provider and financial year: planned activity and value by point of delivery and specialty, phased by month, with follow-up caps, KPIs and in-year variations.</p>

      <YearPicker key={year} year={year} onChange={(y) => setSearch(y === currentFinancialYear() ? {} : { year: y }, { preventScrollReset: true })} />

      <section aria-labelledby="contracts-list">
        <h2 id="contracts-list">Contracts for {year}</h2>
        {contracts.isPending && <LoadingStatus>Loading the contracts…</LoadingStatus>}
        {contracts.isError && <ProblemMessage><p>The contracts could not be loaded. {contracts.error.message}</p></ProblemMessage>}
        {contracts.data && (contracts.data.length === 0
          ? <p>There are no contracts for {year} yet.</p>
          : <ContractsTable contracts={contracts.data} year={year} />)}
        {contracts.data && contracts.data.length > 0 && (
          <p><Link className="nhsuk-link" to={`/activity?year=${encodeURIComponent(year)}#monitoring`}>See plan against actual for {year}</Link></p>
        )}
      </section>

      {manages && (
        <section aria-labelledby="create-contract">
          <h2 id="create-contract">Create a contract</h2>
          <p>Create the contract with its terms, then add its lines one by one or upload them from a CSV file.</p>
          <CreateContractForm key={year} providers={providers.data ?? []} year={year} onErrorsChange={onErrorsChange} onCreated={(c) => navigate(`/contracts/${c.id}`)} />
        </section>
      )}
    </>
  );
}

function YearPicker({ year, onChange }: { year: string; onChange: (year: string) => void }) {
  const [value, setValue] = useState(year);
  const years = financialYearOptions();
  if (!years.includes(year)) years.push(year);
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange(value);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id="contracts-year" label="Financial year" value={value} onChange={setValue} options={years.map((y) => ({ value: y, text: y }))} />
      <Button variant="secondary">Show contracts</Button>
    </form>
  );
}

function ContractsTable({ contracts, year }: { contracts: ContractSummary[]; year: string }) {
  const total = contracts.reduce((a, c) => ({ planned: a.planned + c.plannedValuePence, variations: a.variations + c.variationsPence, value: a.value + c.totalValuePence }), { planned: 0, variations: 0, value: 0 });
  return (
    <Table caption={`Contracts for ${year}`} captionHidden scrollable>
      <TableHead>
        <HeaderCell>Provider</HeaderCell>
        <HeaderCell>Reference</HeaderCell>
        <HeaderCell>Phasing</HeaderCell>
        <HeaderCell numeric>Lines</HeaderCell>
        <HeaderCell numeric>Planned value</HeaderCell>
        <HeaderCell numeric>Variations</HeaderCell>
        <HeaderCell numeric>Total value</HeaderCell>
        <HeaderCell>Last changed</HeaderCell>
      </TableHead>
      <TableBody>
        {contracts.map((c) => (
          <TableRow key={c.id}>
            <Cell rowHeader><Link className="nhsuk-link" to={`/contracts/${c.id}`}>{c.providerName}</Link><span className="app-block app-secondary">{c.providerCode}</span></Cell>
            <Cell>{c.reference}</Cell>
            <Cell>{c.phasing === 'even' ? 'Even' : 'By profile'}</Cell>
            <Cell numeric>{formatCount(c.lineCount)}</Cell>
            <Cell numeric nowrap>{formatPence(c.plannedValuePence)}</Cell>
            <Cell numeric nowrap>{c.variationsPence === 0 ? '£0.00' : formatSignedPence(c.variationsPence)}</Cell>
            <Cell numeric nowrap>{formatPence(c.totalValuePence)}</Cell>
            <Cell nowrap>{formatShortDate(c.updatedAt)}<span className="app-block app-secondary">{c.updatedBy}</span></Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader>Total</Cell>
          <Cell>{formatCount(contracts.length)} {contracts.length === 1 ? 'contract' : 'contracts'}</Cell>
          <Cell>{''}</Cell>
          <Cell numeric>{''}</Cell>
          <Cell numeric nowrap><strong>{formatPence(total.planned)}</strong></Cell>
          <Cell numeric nowrap><strong>{total.variations === 0 ? '£0.00' : formatSignedPence(total.variations)}</strong></Cell>
          <Cell numeric nowrap><strong>{formatPence(total.value)}</strong></Cell>
          <Cell>{''}</Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
