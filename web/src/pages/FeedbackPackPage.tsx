/**
 * /insight/practices/:code/feedback?month=YYYY-MM: a practice's monthly feedback pack (REF-8).
 * Charts first, each with its numbers one click away: referrals per 1,000 by specialty against
 * the peers' median, the 12-month trend, triage outcomes, pathway criteria missed, matched activity
 * and its cost, and the budget position; "what stands out" at the top; the same pack as a PDF.
 * Peers are shown only as a median and a range. A practice user sees only its own pack.
 */
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { packPdfUrl, useFeedbackPack, type FeedbackPack } from '../api/feedback-packs.js';
import { BudgetChart, PackTrendChart, SpecialtyChart, TriageChart } from '../feedback-pack/PackCharts.js';
import { ActivityTables, BudgetTable, CriteriaTable, SpecialtyTable, TrendTable, TriageTable } from '../feedback-pack/PackTables.js';
import { recentMonths } from '../feedback-pack/format.js';
import { formatDate } from '../format/dates.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';

export function FeedbackPackPage() {
  return (
    <RequirePermission permission="insight.view">
      <PackView />
    </RequirePermission>
  );
}
export default FeedbackPackPage;

const MONTHS = recentMonths(24);

function PackView() {
  const { code = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : MONTHS[0]!.value;
  const pack = useFeedbackPack(code, month);
  usePageTitle(pack.data ? `Feedback pack: ${pack.data.practice.name}, ${pack.data.monthLabel}` : 'Feedback pack');

  return (
    <>
      <h1>{pack.data ? `Feedback pack: ${pack.data.practice.name}` : 'Feedback pack'}</h1>
      <MonthForm key={month} month={month} onChange={(m) => setSearch(new URLSearchParams({ month: m }), { preventScrollReset: true })} />
      {pack.isPending && <LoadingStatus>Loading the feedback pack…</LoadingStatus>}
      {pack.isError && <ProblemMessage><p>The feedback pack could not be loaded. {pack.error.message}</p></ProblemMessage>}
      {pack.data && <Pack pack={pack.data} />}
    </>
  );
}

function MonthForm({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const [value, setValue] = useState(month);
  const options = MONTHS.some((m) => m.value === month) ? MONTHS : [{ value: month, text: month }, ...MONTHS];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(value);
  };
  return (
    <form onSubmit={submit} noValidate className="nhsuk-u-margin-bottom-5">
      <Select id="pack-month" label="Month" value={value} onChange={setValue} options={options} />
      <Button variant="secondary">Show pack</Button>
    </form>
  );
}

function Pack({ pack }: { pack: FeedbackPack }) {
  return (
    <>
      <p className="nhsuk-lede-text">{pack.monthLabel}. {pack.peers.description}</p>
      <p>
        <a className="nhsuk-link" href={packPdfUrl(pack.practice.code, pack.month)} download>
          Download the feedback pack (PDF)<span className="nhsuk-u-visually-hidden">: {pack.practice.name}, {pack.monthLabel}</span>
        </a>
        <span className="app-secondary"> · worked out {formatDate(pack.generatedAt.slice(0, 10))}</span>
      </p>

      <InsetText>
        <h2 className="nhsuk-heading-s">What stands out</h2>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {pack.standsOut.map((line) => <li key={line}>{line}</li>)}
        </ul>
      </InsetText>

      <h2>Referrals per 1,000 patients by specialty</h2>
      <p>{pack.referrals.measure.standardised ? 'Age/sex standardised rates' : 'Rates'} in {pack.monthLabel}, against the peers’ median.</p>
      <SpecialtyChart pack={pack} />
      <SpecialtyTable pack={pack} />

      <h2>Referral rate over the last 12 months</h2>
      <PackTrendChart pack={pack} />
      <TrendTable pack={pack} />

      <h2>Triage outcomes</h2>
      {pack.triage.total > 0 ? (
        <>
          <p>Where triage left the {pack.triage.total.toLocaleString('en-GB')} referrals received in {pack.monthLabel}, against all practices’ referrals.</p>
          <TriageChart pack={pack} />
          <TriageTable pack={pack} />
        </>
      ) : <p>No referrals were received from the practice in {pack.monthLabel}.</p>}

      <h2>Pathway criteria most often missed</h2>
      <CriteriaTable pack={pack} />

      <h2>Matched activity and its cost</h2>
      <ActivityTables pack={pack} />

      <h2>Budget position, {pack.budget.year}</h2>
      <BudgetChart pack={pack} />
      <BudgetTable pack={pack} />
    </>
  );
}
