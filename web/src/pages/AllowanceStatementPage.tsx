/**
 * /allowances/statement/:practiceCode?year=: one practice's allowance statement for a year, laid
 * out to print or take to a meeting: each scheme, how its amount is worked out, whether it is
 * earned and what it still needs; what is earned and not yet; and the evidence recorded for each
 * condition. A practice sees only its own (the server answers "not found" for any other).
 */
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { CONDITION_LABELS, statementDownloadUrl, useAllowanceStatement, type AllowanceStatement } from '../api/allowances.js';
import { AllowanceStatusTag, YearForm, useYearParam } from '../allowances/shared.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function AllowanceStatementPage() {
  return (
    <RequirePermission permission="budget.view">
      <Statement />
    </RequirePermission>
  );
}

function Statement() {
  const me = useCurrentUser();
  const practiceCode = useParams().practiceCode ?? '';
  const [year, setYear] = useYearParam();
  const statement = useAllowanceStatement(practiceCode, year);
  const name = statement.data?.practice.practiceName;
  usePageTitle(name ? `Allowance statement: ${name}, ${year}` : 'Allowance statement');
  const notFound = statement.error instanceof ApiError && statement.error.status === 404;

  return (
    <>
      {me.role !== 'practice' && <BackLink to={`/allowances?year=${encodeURIComponent(year)}`}>All practices’ allowances</BackLink>}
      <h1>{name ? <>Allowance statement: {name}</> : 'Allowance statement'}</h1>
      <div className="nhsuk-u-display-none-print">
        <YearForm key={year} id="statement-year" year={year} onChange={setYear} button="Show statement" />
      </div>
      {statement.isPending && <LoadingStatus>Loading the statement…</LoadingStatus>}
      {notFound && <p>There is no practice {practiceCode} that you can see. <Link className="nhsuk-link" to="/allowances">Go to the allowances</Link>.</p>}
      {statement.isError && !notFound && <ProblemMessage><p>The statement could not be loaded. {statement.error.message}</p></ProblemMessage>}
      {statement.data && <StatementBody statement={statement.data} />}
    </>
  );
}

function StatementBody({ statement }: { statement: AllowanceStatement }) {
  const p = statement.practice;
  const schemeName = (code: string) => statement.schemes.find((s) => s.code === code)?.name ?? code;
  return (
    <>
      <SummaryList rows={[
        { key: 'Practice', value: `${p.practiceName} (${p.practiceCode})` },
        { key: 'Group', value: p.groupName },
        { key: 'Financial year', value: statement.year },
        { key: 'Taking part', value: p.participating ? `Since ${formatDate(p.joinedOn)}${p.leftOn ? `, until ${formatDate(p.leftOn)}` : ''}` : 'No' },
        { key: 'Service budget', value: p.serviceBudgetPence === null ? 'None published' : formatPence(p.serviceBudgetPence) },
        { key: 'Earned', value: <strong>{formatPence(p.earnedPence)}</strong> },
        { key: 'Not yet earned', value: formatPence(p.notYetEarnedPence) },
      ]} />
      {statement.serviceBudgetNote && <InsetText><p>{statement.serviceBudgetNote}</p></InsetText>}

      <Table caption="Allowances and incentives" captionSize="m">
        <TableHead>
          <HeaderCell>Scheme</HeaderCell>
          <HeaderCell>How it is worked out</HeaderCell>
          <HeaderCell numeric>Amount</HeaderCell>
          <HeaderCell>Status</HeaderCell>
          <HeaderCell>Still needed</HeaderCell>
        </TableHead>
        <TableBody>
          {p.lines.map((l) => (
            <TableRow key={l.schemeCode}>
              <Cell rowHeader>{l.schemeName}</Cell>
              <Cell>{l.basis}</Cell>
              <Cell numeric nowrap>{formatPence(l.amountPence)}</Cell>
              <Cell><AllowanceStatusTag status={l.status} label={l.statusLabel} /></Cell>
              <Cell>
                {l.status === 'not_yet_earned'
                  ? [
                    ...l.conditions.filter((c) => c.state !== 'met').map((c) => `${CONDITION_LABELS[c.condition]} (${c.state === 'not_met' ? 'not met' : 'not recorded'})`),
                    ...(l.waitingFor ? [`${schemeName(l.waitingFor)} earned first`] : []),
                  ].join('; ')
                  : ''}
              </Cell>
            </TableRow>
          ))}
          <TableRow>
            <Cell rowHeader>Earned</Cell>
            <Cell>{''}</Cell>
            <Cell numeric nowrap><strong>{formatPence(p.earnedPence)}</strong></Cell>
            <Cell>{''}</Cell>
            <Cell>{''}</Cell>
          </TableRow>
          <TableRow>
            <Cell rowHeader>Not yet earned</Cell>
            <Cell>{''}</Cell>
            <Cell numeric nowrap>{formatPence(p.notYetEarnedPence)}</Cell>
            <Cell>{''}</Cell>
            <Cell>{''}</Cell>
          </TableRow>
        </TableBody>
      </Table>

      <Table caption="Conditions and their evidence" captionSize="m">
        <TableHead>
          <HeaderCell>Condition</HeaderCell>
          <HeaderCell>Met</HeaderCell>
          <HeaderCell>Evidence</HeaderCell>
          <HeaderCell>Recorded</HeaderCell>
        </TableHead>
        <TableBody>
          {(Object.keys(CONDITION_LABELS) as (keyof typeof CONDITION_LABELS)[]).map((condition) => {
            const e = p.evidence.find((x) => x.condition === condition);
            return (
              <TableRow key={condition}>
                <Cell rowHeader>{CONDITION_LABELS[condition]}</Cell>
                <Cell>{e ? (e.met ? 'Yes' : 'No') : <span className="app-secondary">Not recorded</span>}</Cell>
                <Cell>{e?.evidence ?? ''}</Cell>
                <Cell>{e ? `${e.recordedBy}, ${formatDateTime(e.recordedAt)}` : ''}</Cell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <div className="nhsuk-u-display-none-print">
        <Button variant="secondary" type="button" onClick={() => window.print()}>Print this statement</Button>
        <ul className="nhsuk-list">
          <li><a className="nhsuk-link" href={statementDownloadUrl('xlsx', p.practiceCode, statement.year)} download>Download this statement (XLSX)</a></li>
          <li><a className="nhsuk-link" href={statementDownloadUrl('csv', p.practiceCode, statement.year)} download>Download this statement (CSV)</a></li>
        </ul>
      </div>
    </>
  );
}
