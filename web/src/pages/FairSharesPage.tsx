/**
 * /budgets/fair-shares: weighted capitation (FIN-1). Choose a service line, a population period
 * and the line's total in pounds; see every practice's registered (raw) population, weighted
 * population, share and fair share, with group subtotals and the commissioner's total, each
 * practice linking to its arithmetic (FairSharePracticePage). Downloads as CSV or XLSX. A practice
 * sees its own practice and the others as one sum. What is shown lives in the address.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  fairSharePracticePageUrl, fairSharesUrl, useCapitationOptions, useFairShares, type CapitationOptions, type FairShareParams,
  type FairShares, type FairShareSum,
} from '../api/budgets-capitation.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { parsePoundsInput, poundsInputOf } from '../activity/money.js';
import { formatDecimal, formatShare } from '../budgets/capitation-format.js';
import { useFairShareParams } from '../budgets/capitation-params.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';

export function FairSharesPage() {
  return (
    <RequirePermission permission="budget.view">
      <FairSharesView />
    </RequirePermission>
  );
}

type Field = 'serviceLine' | 'total';
const FIELD_IDS: Record<Field, string> = { serviceLine: 'fair-shares-service-line', total: 'fair-shares-total' };

function FairSharesView() {
  const me = useCurrentUser();
  const { params, search, setParams } = useFairShareParams();
  const options = useCapitationOptions();
  const shares = useFairShares(params);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Fair shares', formErrors);

  return (
    <>
      <h1>Fair shares</h1>
      <p className="nhsuk-lede-text">
        How a service line’s budget would be shared between practices by weighted capitation: each practice’s registered patients, weighted by
        sex and age for what the service costs per head, as a share of the commissioner’s.
      </p>

      {options.isPending && <LoadingStatus>Loading the service lines…</LoadingStatus>}
      {options.isError && <ProblemMessage><p>The service lines could not be loaded. {options.error.message}</p></ProblemMessage>}
      {options.data && (options.data.serviceLines.length === 0
        ? (
          <InsetText>
            <p>There are no capitation weights yet, so fair shares cannot be worked out.</p>
            {can(me, 'budget.manage')
              ? <p><Link className="nhsuk-link" to="/import">Import weights.csv</Link> with a weight for every sex and age band of each service line.</p>
              : <p>Ask your finance lead to import the weights.</p>}
          </InsetText>
        )
        : <FairSharesForm key={search.toString()} options={options.data} params={params} onApply={setParams} onErrorsChange={setFormErrors} />)}

      {params && (
        <section aria-labelledby="fair-shares-results">
          {shares.isPending && <LoadingStatus>Working out the fair shares…</LoadingStatus>}
          {shares.isError && <FairSharesProblem error={shares.error} />}
          {shares.data && <FairSharesResults shares={shares.data} params={params} isPractice={me.role === 'practice'} />}
        </section>
      )}
    </>
  );
}

function FairSharesForm({ options, params, onApply, onErrorsChange }: {
  options: CapitationOptions;
  params: FairShareParams | null;
  onApply: (params: FairShareParams) => void;
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  const [values, setValues] = useState({
    serviceLine: params?.serviceLine ?? (options.serviceLines.length === 1 ? options.serviceLines[0]!.serviceLine : ''),
    period: params?.period ?? '',
    total: params ? poundsInputOf(params.total) : '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const summary: ErrorSummaryItem[] = (Object.keys(FIELD_IDS) as Field[]).filter((f) => errors[f]).map((f) => ({ text: errors[f]!, fieldId: FIELD_IDS[f] }));
  const latest = options.periods[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!values.serviceLine) found.serviceLine = 'Select a service line';
    const text = values.total.trim();
    const pence = parsePoundsInput(text);
    if (!text) found.total = 'Enter the total budget for the service line, in pounds';
    else if (parsePoundsInput(text, { allowNegative: true }) !== null && pence === null) found.total = 'The total budget must be £0 or more';
    else if (pence === null) found.total = 'Enter the total budget in pounds, like 1250000 or 1,250,000.00';
    setErrors(found);
    onErrorsChange(Object.keys(found).length > 0);
    if (Object.keys(found).length || pence === null) return;
    onApply({ serviceLine: values.serviceLine, total: pence, ...(values.period && { period: values.period }) });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="What to share">
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <div className="app-inline-form app-filters">
        <Select id={FIELD_IDS.serviceLine} label="Service line" value={values.serviceLine} error={errors.serviceLine}
          onChange={(serviceLine) => setValues((v) => ({ ...v, serviceLine }))}
          options={[
            ...(options.serviceLines.length === 1 ? [] : [{ value: '', text: 'Choose a service line' }]),
            ...options.serviceLines.map((l) => ({ value: l.serviceLine, text: l.bands < 40 ? `${l.label} (weights incomplete)` : l.label })),
          ]} />
        <Select id="fair-shares-period" label="Registered population at" value={values.period}
          onChange={(period) => setValues((v) => ({ ...v, period }))}
          options={[
            { value: '', text: latest ? `Latest (${formatDate(latest)})` : 'Latest' },
            ...options.periods.map((p) => ({ value: p, text: formatDate(p) })),
          ]} />
        <TextInput id={FIELD_IDS.total} label="Total budget for the service line, in pounds" hint="For example, 1250000 or 1,250,000.00"
          width={10} inputMode="decimal" autoComplete="off" spellCheck={false} value={values.total} error={errors.total}
          onChange={(e) => setValues((v) => ({ ...v, total: e.target.value }))} />
        <Button variant="secondary">Show fair shares</Button>
      </div>
    </form>
  );
}

/** What the server could not work out (no population for the period, a band without a weight…). */
function FairSharesProblem({ error }: { error: Error }) {
  const details = error instanceof ApiError ? error.details.map((d) => d.message) : [];
  return (
    <ProblemMessage title="The fair shares cannot be worked out">
      <p>{error.message}</p>
      {details.length > 0 && <ul className="nhsuk-list nhsuk-list--bullet">{details.map((d) => <li key={d}>{d}</li>)}</ul>}
    </ProblemMessage>
  );
}

function FairSharesResults({ shares, params, isPractice }: { shares: FairShares; params: FairShareParams; isPractice: boolean }) {
  const subject = `${shares.serviceLineLabel}, ${formatPence(shares.totalPence)}, population at ${formatDate(shares.period)}`;
  const shown: FairShareParams = { serviceLine: shares.serviceLine, total: shares.totalPence, period: shares.period };
  return (
    <>
      <h2 id="fair-shares-results">{shares.serviceLineLabel}: fair shares of {formatPence(shares.totalPence)}</h2>
      <p>
        Shared between {plural(shares.total.practices, 'practice')} of {shares.commissioner.name} by their registered population at{' '}
        {formatDate(shares.period)} ({formatCount(shares.total.rawPopulation)} patients), weighted by the {shares.serviceLineLabel.toLowerCase()} weights
        {shares.weights.importedAt ? ` imported on ${formatDateTime(shares.weights.importedAt)}${shares.weights.fileName ? ` from ${shares.weights.fileName}` : ''}` : ''}.
        {!params.period && ' This is the latest population; choose another above.'}
      </p>
      {isPractice && <p>You see your own practice’s fair share; the other practices are shown together.</p>}
      <Details summary="How fair shares are worked out">
        <ol className="nhsuk-list nhsuk-list--number">
          <li>For each practice, the patients in every sex and age band are multiplied by that band’s weight (its relative cost per head) and added up.</li>
          <li>
            Those sums are scaled so that the weighted population of all the practices together equals their registered population: each is multiplied by{' '}
            {formatDecimal(shares.scale)}. This is the practice’s weighted population.
          </li>
          <li>A practice’s share is its weighted population divided by the commissioner’s; its fair share is the total budget times its share.</li>
          <li>{shares.rounding}{shares.leftoverPence > 0 && ` Here ${plural(shares.leftoverPence, 'penny', 'pence')} were left over.`}</li>
        </ol>
      </Details>
      <FairSharesTable shares={shares} caption={`Fair shares of ${subject}`} params={shown} />
      {shares.withoutPopulation.length > 0 && (
        <InsetText>
          <p>
            {shares.withoutPopulation.length === 1 ? 'Practice' : 'Practices'} {shares.withoutPopulation.join(', ')} {shares.withoutPopulation.length === 1 ? 'has' : 'have'} no
            registered population at {formatDate(shares.period)}, so {shares.withoutPopulation.length === 1 ? 'it gets' : 'they get'} no share. Import population.csv for that period to include {shares.withoutPopulation.length === 1 ? 'it' : 'them'}.
          </p>
        </InsetText>
      )}
      <DownloadLinks what={`fair shares of ${subject}`} href={(format) => fairSharesUrl(shown, format)} />
    </>
  );
}

function SumRow({ name, sum, bold }: { name: string; sum: FairShareSum; bold?: boolean }) {
  const b = (text: string) => (bold ? <strong>{text}</strong> : text);
  return (
    <TableRow>
      <Cell rowHeader>{b(`${name} (${plural(sum.practices, 'practice')})`)}</Cell>
      <Cell>{''}</Cell>
      <Cell numeric>{b(formatCount(sum.rawPopulation))}</Cell>
      <Cell numeric>{b(formatDecimal(sum.weightedPopulation, 2))}</Cell>
      <Cell numeric>{b(formatShare(sum.share, 2))}</Cell>
      <Cell numeric nowrap>{b(formatPence(sum.fairSharePence))}</Cell>
    </TableRow>
  );
}

function FairSharesTable({ shares, caption, params }: { shares: FairShares; caption: string; params: FairShareParams }) {
  const groups = shares.groups.length ? shares.groups : [null];
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell>Code</HeaderCell>
        <HeaderCell numeric>Registered population</HeaderCell>
        <HeaderCell numeric>Weighted population</HeaderCell>
        <HeaderCell numeric>Share</HeaderCell>
        <HeaderCell numeric>Fair share</HeaderCell>
      </TableHead>
      <TableBody>
        {groups.map((group) => {
          const practices = group ? shares.practices.filter((p) => p.groupCode === group.groupCode) : shares.practices;
          return [
            ...practices.map((p) => (
              <TableRow key={p.practiceCode}>
                <Cell rowHeader>
                  <Link className="nhsuk-link" to={fairSharePracticePageUrl(p.practiceCode, params)}>
                    {p.practiceName}<span className="nhsuk-u-visually-hidden">: how its fair share is worked out</span>
                  </Link>
                  {group === null && <><br /><span className="nhsuk-body-s">{p.groupName}</span></>}
                </Cell>
                <Cell>{p.practiceCode}</Cell>
                <Cell numeric>{formatCount(p.rawPopulation)}</Cell>
                <Cell numeric>{formatDecimal(p.weightedPopulation, 2)}</Cell>
                <Cell numeric>{formatShare(p.share, 2)}</Cell>
                <Cell numeric nowrap>{formatPence(p.fairSharePence)}</Cell>
              </TableRow>
            )),
            group && <SumRow key={`group-${group.groupCode}`} name={`${group.groupName} subtotal`} sum={group} bold />,
          ];
        })}
        {shares.otherPractices && <SumRow name="All other practices" sum={shares.otherPractices} />}
        <SumRow name={`Total, ${shares.commissioner.name}`} sum={shares.total} bold />
      </TableBody>
    </Table>
  );
}
