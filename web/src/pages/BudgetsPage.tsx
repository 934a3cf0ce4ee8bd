/**
 * /budgets and /budgets/:id: practice budgets (FIN-2, FIN-3). For a financial year: the scope in
 * force, every budget version by service line with its status, and (for budget managers) the form
 * to draft a new one. /budgets/:id: one version's parameters and practice-by-practice table
 * (historic spend, fair share, distance from target, budget, change; group and commissioner
 * totals), review and publish with a confirmation step, variations once published, downloads.
 * A practice sees its own line and the totals.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  fractionPercent, useBudgetReference, useBudgetScope, useBudgetSetting, useBudgetSettings, type BudgetReference, type SettingSummary, type SettingView,
} from '../api/budgets.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { BudgetDraftForm } from '../budgets/BudgetDraftForm.js';
import { BudgetSettingDetail, StatusTag } from '../budgets/BudgetSettingDetail.js';
import { formatDate, formatShortDate } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function BudgetsPage() {
  return (
    <RequirePermission permission="budget.view">
      <BudgetsOrOne />
    </RequirePermission>
  );
}

function BudgetsOrOne() {
  const { id } = useParams();
  const reference = useBudgetReference();
  if (reference.isPending) return <LoadingStatus>Loading…</LoadingStatus>;
  if (reference.isError) return <ProblemMessage><p>The budgets could not be loaded. {reference.error.message}</p></ProblemMessage>;
  return id ? <OneSetting id={Number(id)} reference={reference.data} /> : <Settings reference={reference.data} />;
}

function Settings({ reference }: { reference: BudgetReference }) {
  const me = useCurrentUser();
  const manages = can(me, 'budget.manage');
  const [search, setSearch] = useSearchParams();
  const yearParam = search.get('year');
  const year = isFinancialYear(yearParam) ? yearParam : currentFinancialYear();
  const settings = useBudgetSettings(year);
  const scope = useBudgetScope(year);
  const navigate = useNavigate();
  const [formHasErrors, setFormHasErrors] = useState(false);
  const onErrorsChange = useCallback((has: boolean) => setFormHasErrors(has), []);
  usePageTitle('Practice budgets', formHasErrors);

  return (
    <>
      <h1>Practice budgets</h1>
      <p className="nhsuk-lede-text">
        Each year’s budgets by service line: every practice’s historic spend moving toward its fair share at a chosen pace, drafted, reviewed and published in versions.
      </p>
      <YearPicker key={year} year={year} onChange={(y) => setSearch(y === currentFinancialYear() ? {} : { year: y }, { preventScrollReset: true })} />
      <p>
        <Link className="nhsuk-link" to={`/budgets/monitoring?year=${encodeURIComponent(year)}`}>Spend against budget in {year}</Link>
        {' · '}<Link className="nhsuk-link" to={`/budgets/savings?year=${encodeURIComponent(year)}`}>Savings and reinvestment</Link>
        {' · '}<Link className="nhsuk-link" to={`/budgets/scenarios?year=${encodeURIComponent(year)}`}>Scenarios</Link>
        {' · '}<Link className="nhsuk-link" to="/budgets/fair-shares">Fair shares (weighted capitation)</Link>
        {' · '}<Link className="nhsuk-link" to="/des-invoices">DES invoices</Link>
        {' · '}<Link className="nhsuk-link" to="/running-costs">Running costs</Link>
      </p>

      <section aria-labelledby="budget-versions">
        <h2 id="budget-versions">Budgets for {year}</h2>
        {settings.isPending && <LoadingStatus>Loading the budgets…</LoadingStatus>}
        {settings.isError && <ProblemMessage><p>The budgets could not be loaded. {settings.error.message}</p></ProblemMessage>}
        {settings.data && (settings.data.length === 0 ? <p>No budgets have been drafted for {year} yet.</p> : <SettingsTable settings={settings.data} year={year} />)}
      </section>

      <section aria-labelledby="budget-scope">
        <h2 id="budget-scope">What is devolved in {year}</h2>
        {scope.data && (
          <Table caption={`Budget scope in ${year}`} captionHidden>
            <TableHead><HeaderCell>Service line</HeaderCell><HeaderCell>Devolved</HeaderCell><HeaderCell>Level</HeaderCell></TableHead>
            <TableBody>
              {scope.data.lines.map((l) => (
                <TableRow key={l.serviceLine}>
                  <Cell rowHeader>{l.label}</Cell>
                  <Cell>{!l.devolved ? 'Not yet' : l.tfcs === null ? 'Every specialty' : `Specialties ${l.tfcs.join(', ')}`}</Cell>
                  <Cell>{l.devolved ? (l.level === 'practice' ? 'Practice' : 'Group') : ''}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {scope.data && (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">The phases</span></summary>
            <div className="nhsuk-details__text">
              <ul className="nhsuk-list nhsuk-list--bullet">
                {scope.data.rows.map((r) => <li key={r.id}>{reference.serviceLines.find((l) => l.serviceLine === r.serviceLine)?.label}: {r.label}, from {formatDate(r.devolvedFrom)}</li>)}
              </ul>
            </div>
          </details>
        )}
      </section>

      {manages && (
        <section aria-labelledby="draft-budgets">
          <h2 id="draft-budgets">Draft budgets for {year}</h2>
          <p>The fair shares come from the registered population and the capitation weights; each practice’s history from last year (imported, or its priced activity). Nothing is stored if anything is wrong.</p>
          <BudgetDraftForm key={year} year={year} reference={reference} scope={scope.data} onErrorsChange={onErrorsChange} onCreated={(id) => navigate(`/budgets/${id}`)} />
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
      <Select id="budgets-year" label="Financial year" value={value} onChange={setValue} options={years.map((y) => ({ value: y, text: y }))} />
      <Button variant="secondary">Show budgets</Button>
    </form>
  );
}

function SettingsTable({ settings, year }: { settings: SettingSummary[]; year: string }) {
  return (
    <Table caption={`Budget versions for ${year}, by service line`} captionHidden scrollable>
      <TableHead>
        <HeaderCell>Service line</HeaderCell>
        <HeaderCell numeric>Version</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell numeric>Commissioner’s total</HeaderCell>
        <HeaderCell numeric>Practices’ budgets</HeaderCell>
        <HeaderCell numeric>Pace</HeaderCell>
        <HeaderCell>Drafted</HeaderCell>
      </TableHead>
      <TableBody>
        {settings.map((s) => (
          <TableRow key={s.id}>
            <Cell rowHeader><Link className="nhsuk-link" to={`/budgets/${s.id}`}>{s.serviceLineLabel}<span className="nhsuk-u-visually-hidden">, version {s.version}</span></Link></Cell>
            <Cell numeric>{s.version}</Cell>
            <Cell><StatusTag status={s.status} /></Cell>
            <Cell numeric nowrap>{formatPence(s.commissionerTotalPence)}</Cell>
            <Cell numeric nowrap>{formatPence(s.practicesTotalPence + s.variationsPence)}</Cell>
            <Cell numeric>{fractionPercent(s.pace)}</Cell>
            <Cell nowrap>{formatShortDate(s.createdAt)}<span className="app-block app-secondary">{s.createdBy}</span></Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function OneSetting({ id, reference }: { id: number; reference: BudgetReference }) {
  const setting = useBudgetSetting(id);
  const navigate = useNavigate();
  const title = setting.data ? `${setting.data.serviceLineLabel} budgets ${setting.data.year}, version ${setting.data.version}` : 'Budget';
  usePageTitle(title);
  return (
    <>
      <BackLink to={setting.data ? `/budgets?year=${encodeURIComponent(setting.data.year)}` : '/budgets'}>All budgets</BackLink>
      <h1>{title}</h1>
      {setting.isPending && <LoadingStatus>Loading the budget…</LoadingStatus>}
      {setting.isError && <ProblemMessage><p>The budget could not be loaded. {setting.error.message}</p></ProblemMessage>}
      {setting.data && <Detail setting={setting.data} reference={reference} onDiscarded={() => navigate(`/budgets?year=${encodeURIComponent(setting.data.year)}`)} />}
    </>
  );
}

function Detail({ setting, reference, onDiscarded }: { setting: SettingView; reference: BudgetReference; onDiscarded: () => void }) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [revising, setRevising] = useState(false);
  const canRevise = can(me, 'budget.manage') && (setting.status === 'published' || setting.status === 'reviewed' || setting.status === 'draft');
  return (
    <>
      <BudgetSettingDetail setting={setting} reference={reference} onDiscarded={onDiscarded} />
      {canRevise && (
        <section aria-labelledby="new-version">
          <h2 id="new-version">A new version</h2>
          {!revising ? (
            <>
              <p>To change the parameters, draft a new version from this one. Once published it supersedes the version published before.</p>
              <Button type="button" variant="secondary" onClick={() => setRevising(true)}>Draft a new version from this one</Button>
            </>
          ) : (
            <BudgetDraftForm year={setting.year} reference={reference} scope={{ year: setting.year, rows: [], lines: reference.serviceLines.map((l) => ({ serviceLine: l.serviceLine, label: l.label, devolved: l.serviceLine === setting.serviceLine, tfcs: null, level: 'practice' })) }}
              basedOn={{ ...setting, id: setting.id, topSlicePercent: setting.topSlicePercent, historicSource: 'auto' }} onCreated={(newId) => { setRevising(false); navigate(`/budgets/${newId}`); }} />
          )}
        </section>
      )}
    </>
  );
}
