/**
 * /budgets/savings: efficiency gains against the year's published budgets after the risk pool
 * (FIN-5, FIN-8), by practice and group, what each group may reinvest under the reinvestment rule,
 * and the reinvestment proposals: record one, approve or reject it (budget managers). A practice
 * sees its own practice, its group and the commissioner's total.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { savingsUrl, useCreateProposal, useDecideProposal, useSavings, type Proposal, type SavingsReport } from '../api/budgets.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { formatSignedPence, parsePoundsInput } from '../activity/money.js';
import { currentFinancialYear, financialYearOptions, isFinancialYear } from '../activity/years.js';
import { formatDateTime } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function SavingsPage() {
  return (
    <RequirePermission permission="budget.view">
      <Savings />
    </RequirePermission>
  );
}

function Savings() {
  const [search, setSearch] = useSearchParams();
  const yearParam = search.get('year');
  const year = isFinancialYear(yearParam) ? yearParam : currentFinancialYear();
  const savings = useSavings(year);
  const [hasErrors, setHasErrors] = useState(false);
  usePageTitle('Savings and reinvestment', hasErrors);
  const years = financialYearOptions();
  if (!years.includes(year)) years.push(year);
  return (
    <>
      <h1>Savings and reinvestment</h1>
      <p className="nhsuk-lede-text">Efficiency gains are what a practice spends below its budget, after the risk pool meets high-cost patients and over- and under-spends are shared by the agreed rule.</p>
      <YearForm key={year} year={year} years={years} onApply={(y) => setSearch(y === currentFinancialYear() ? {} : { year: y }, { preventScrollReset: true })} />
      {savings.isPending && <LoadingStatus>Loading the savings…</LoadingStatus>}
      {savings.isError && <ProblemMessage><p>The savings could not be loaded. {savings.error.message}</p></ProblemMessage>}
      {savings.data && <Report report={savings.data} onErrors={setHasErrors} />}
    </>
  );
}

function YearForm({ year, years, onApply }: { year: string; years: string[]; onApply: (year: string) => void }) {
  const [value, setValue] = useState(year);
  return (
    <form className="app-inline-form" onSubmit={(e) => { e.preventDefault(); onApply(value); }} noValidate>
      <Select id="savings-year" label="Financial year" value={value} onChange={setValue} options={years.map((y) => ({ value: y, text: y }))} />
      <Button variant="secondary">Show savings</Button>
    </form>
  );
}

function Report({ report, onErrors }: { report: SavingsReport; onErrors: (has: boolean) => void }) {
  const me = useCurrentUser();
  const basis = report.basis === 'actual' ? 'the year’s outturn' : report.basis === 'forecast' ? `the forecast outturn from ${report.monthsElapsed} ${report.monthsElapsed === 1 ? 'month' : 'months'} of spend` : 'no spend yet';
  if (!report.settings.length) return <p>No budgets are published for {report.year} yet.</p>;
  const money = (pence: number, bold = false) => (bold ? <strong>{formatPence(pence)}</strong> : formatPence(pence));
  return (
    <>
      <p>Savings for {report.year}, from {basis}.</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {report.settings.map((s) => (
          <li key={s.settingId}>
            {s.label}: {s.sharingRuleDescription} {s.reinvestmentRuleDescription} Risk pool {formatPence(s.pool.topSlicePence)}, {formatPence(s.pool.chargedPence)} charged to it
            {s.highCostThresholdPence !== null ? ` (patients’ costs above ${formatPence(s.highCostThresholdPence)})` : ''}.
          </li>
        ))}
      </ul>
      <Table caption={`Savings by practice, ${report.year}`} captionSize="s" scrollable>
        <TableHead>
          <HeaderCell>Practice</HeaderCell>
          <HeaderCell numeric>Budget</HeaderCell>
          <HeaderCell numeric>{report.basis === 'actual' ? 'Outturn' : 'Forecast outturn'}</HeaderCell>
          <HeaderCell numeric>To the risk pool</HeaderCell>
          <HeaderCell numeric>Savings</HeaderCell>
          <HeaderCell numeric>To reinvest</HeaderCell>
          <HeaderCell numeric>To the commissioner</HeaderCell>
        </TableHead>
        <TableBody>
          {report.practices.map((p) => (
            <TableRow key={p.practiceCode}>
              <Cell rowHeader>{p.practiceName}<span className="app-block app-secondary">{p.practiceCode}, {p.groupName}{p.sharedPence ? `; ${formatSignedPence(p.sharedPence)} by sharing` : ''}</span></Cell>
              <Cell numeric nowrap>{money(p.budgetPence)}</Cell>
              <Cell numeric nowrap>{money(p.outturnPence)}</Cell>
              <Cell numeric nowrap>{money(p.highCostExcessPence)}</Cell>
              <Cell numeric nowrap>{money(p.savingsPence)}</Cell>
              <Cell numeric nowrap>{money(p.reinvestablePence)}</Cell>
              <Cell numeric nowrap>{money(p.commissionerPence)}</Cell>
            </TableRow>
          ))}
          {report.groups.map((g) => (
            <TableRow key={`group-${g.groupCode}`}>
              <Cell rowHeader><strong>{g.groupName}</strong><span className="app-block app-secondary">Group total; {formatPence(g.approvedPence)} approved, {formatPence(g.headroomPence)} still to reinvest</span></Cell>
              <Cell numeric nowrap>{money(g.budgetPence, true)}</Cell>
              <Cell numeric nowrap>{money(g.outturnPence, true)}</Cell>
              <Cell numeric nowrap>{money(g.highCostExcessPence, true)}</Cell>
              <Cell numeric nowrap>{money(g.savingsPence, true)}</Cell>
              <Cell numeric nowrap>{money(g.reinvestablePence, true)}</Cell>
              <Cell numeric nowrap>{money(g.commissionerPence, true)}</Cell>
            </TableRow>
          ))}
          <TableRow>
            <Cell rowHeader><strong>All practices</strong><span className="app-block app-secondary">Commissioner total</span></Cell>
            <Cell numeric nowrap>{money(report.total.budgetPence, true)}</Cell>
            <Cell numeric nowrap>{money(report.total.outturnPence, true)}</Cell>
            <Cell numeric nowrap>{money(report.total.highCostExcessPence, true)}</Cell>
            <Cell numeric nowrap>{money(report.total.savingsPence, true)}</Cell>
            <Cell numeric nowrap>{money(report.total.reinvestablePence, true)}</Cell>
            <Cell numeric nowrap>{money(report.total.commissionerPence, true)}</Cell>
          </TableRow>
        </TableBody>
      </Table>
      <DownloadLinks what={`savings, ${report.year}`} href={(format) => savingsUrl(report.year, format)} />

      <section aria-labelledby="proposals">
        <h2 id="proposals">Reinvestment proposals</h2>
        {report.proposals.length === 0 ? <p>No proposals yet.</p> : <Proposals proposals={report.proposals} canDecide={can(me, 'budget.manage')} />}
        {can(me, 'budget.manage') && <ProposalForm report={report} onErrors={onErrors} />}
      </section>
    </>
  );
}

const STATUS_TAG: Record<Proposal['status'], { colour: 'grey' | 'green' | 'red'; text: string }> = {
  proposed: { colour: 'grey', text: 'Proposed' }, approved: { colour: 'green', text: 'Approved' }, rejected: { colour: 'red', text: 'Rejected' },
};

function Proposals({ proposals, canDecide }: { proposals: Proposal[]; canDecide: boolean }) {
  const decide = useDecideProposal();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = (p: Proposal, decision: 'approved' | 'rejected') => {
    setMessage(null);
    decide.mutate({ id: p.id, decision }, {
      onSuccess: () => setMessage({ ok: true, text: `“${p.title}” is ${decision}` }),
      onError: (error) => setMessage({ ok: false, text: error instanceof ApiError ? error.message : 'Something went wrong. Try again.' }),
    });
  };
  return (
    <>
      {message?.ok && <NotificationBanner success heading={message.text} />}
      {message && !message.ok && <ProblemMessage><p>{message.text}</p></ProblemMessage>}
      <Table caption="Reinvestment proposals" captionHidden scrollable>
        <TableHead>
          <HeaderCell>Proposal</HeaderCell><HeaderCell>Group</HeaderCell><HeaderCell numeric>Amount</HeaderCell><HeaderCell>Status</HeaderCell><HeaderCell>Recorded</HeaderCell>
          {canDecide && <HeaderCell>Decision</HeaderCell>}
        </TableHead>
        <TableBody>
          {proposals.map((p) => (
            <TableRow key={p.id}>
              <Cell rowHeader>{p.title}{p.notes && <span className="app-block app-secondary">{p.notes}</span>}</Cell>
              <Cell>{p.groupName}</Cell>
              <Cell numeric nowrap>{formatPence(p.amountPence)}</Cell>
              <Cell><Tag colour={STATUS_TAG[p.status].colour}>{STATUS_TAG[p.status].text}</Tag>{p.decidedBy && <span className="app-block app-secondary">by {p.decidedBy}</span>}</Cell>
              <Cell nowrap>{formatDateTime(p.proposedAt)}<span className="app-block app-secondary">{p.proposedBy}</span></Cell>
              {canDecide && (
                <Cell>
                  {p.status === 'proposed' && (
                    <ButtonGroup>
                      <Button type="button" small disabled={decide.isPending} onClick={() => act(p, 'approved')}>Approve<span className="nhsuk-u-visually-hidden"> {p.title}</span></Button>
                      <Button type="button" small variant="secondary" disabled={decide.isPending} onClick={() => act(p, 'rejected')}>Reject<span className="nhsuk-u-visually-hidden"> {p.title}</span></Button>
                    </ButtonGroup>
                  )}
                </Cell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

type Field = 'group' | 'title' | 'amount';
const IDS: Record<Field, string> = { group: 'proposal-group', title: 'proposal-title', amount: 'proposal-amount' };

function ProposalForm({ report, onErrors }: { report: SavingsReport; onErrors: (has: boolean) => void }) {
  const create = useCreateProposal();
  const [v, setV] = useState({ group: '', title: '', amount: '', notes: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const summary: ErrorSummaryItem[] = [...(Object.keys(IDS) as Field[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: IDS[k] })), ...(general ? [{ text: general }] : [])];
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const found: Partial<Record<Field, string>> = {};
    if (!v.group) found.group = 'Select the group';
    if (!v.title.trim()) found.title = 'Enter what the money would pay for';
    const amount = parsePoundsInput(v.amount);
    if (amount === null || amount <= 0) found.amount = 'Enter the amount in pounds, like 25000';
    setErrors(found);
    setGeneral(null);
    onErrors(Object.keys(found).length > 0);
    if (Object.keys(found).length) return;
    create.mutate({ year: report.year, groupCode: v.group, title: v.title.trim(), amountPence: amount!, notes: v.notes.trim() || undefined }, {
      onSuccess: (p) => { setSaved(`“${p.title}” is recorded as proposed`); setV({ group: '', title: '', amount: '', notes: '' }); },
      onError: (error) => { setGeneral(error.message); onErrors(true); },
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h3>Propose a reinvestment</h3>
      {saved && <NotificationBanner success heading={saved} />}
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={IDS.group} label="Group" value={v.group} error={errors.group} onChange={(group) => setV((x) => ({ ...x, group }))}
        hint="A proposal can be approved only while the group’s savings cover it."
        options={[{ value: '', text: 'Choose a group' }, ...report.groups.map((g) => ({ value: g.groupCode, text: `${g.groupName} (${formatPence(g.headroomPence)} still to reinvest)` }))]} />
      <TextInput id={IDS.title} label="What it pays for" width={30} maxLength={200} autoComplete="off" value={v.title} error={errors.title} onChange={(e) => setV((x) => ({ ...x, title: e.target.value }))} />
      <TextInput id={IDS.amount} label="Amount, in pounds" width={10} inputMode="decimal" autoComplete="off" value={v.amount} error={errors.amount} onChange={(e) => setV((x) => ({ ...x, amount: e.target.value }))} suffix="£" />
      <Textarea id="proposal-notes" label="Notes (optional)" rows={3} maxLength={2000} value={v.notes} onChange={(e) => setV((x) => ({ ...x, notes: e.target.value }))} />
      <Button disabled={create.isPending}>Record the proposal</Button>
    </form>
  );
}
