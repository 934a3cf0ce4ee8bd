/**
 * /insight/alerts: change alerts (issue 7 §8). A CUSUM runs over each practice's months for each
 * measure; practices whose rate has moved are listed with what it means in plain words ("lower is
 * better" stated per measure), and changes too small to judge are marked as suppressed rather than
 * raised. A practice user sees its own practice.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { alertsUrl, useAlerts, useMeasures, type Alert } from '../api/insight.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { formatExpected, formatWhole } from '../insight/format.js';
import { PeerSetSelect, peerSetOf, peerSetParams } from '../groupings/PeerSetSelect.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

export function AlertsPage() {
  return (
    <RequirePermission permission="insight.view">
      <Alerts />
    </RequirePermission>
  );
}
export default AlertsPage;

const MONTH_CHOICES = ['6', '12', '24', '36'];

function Alerts() {
  usePageTitle('Change alerts');
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const params = {
    measure: search.get('measure') || undefined, group: search.get('group') || undefined, grouping: search.get('grouping') || undefined,
    months: MONTH_CHOICES.includes(search.get('months') ?? '') ? Number(search.get('months')) : 24,
  };
  const measures = useMeasures();
  const alerts = useAlerts(params);
  const raised = alerts.data?.alerts.filter((a) => !a.suppressed) ?? [];
  const suppressed = alerts.data?.alerts.filter((a) => a.suppressed) ?? [];

  return (
    <>
      <h1>Change alerts</h1>
      <p className="nhsuk-lede-text">
        Practices whose rate has moved away from what is expected, found month by month by a CUSUM (cumulative sum) chart.
        {me.practiceCode ? ' You see your own practice.' : ''}
      </p>
      <AlertFilters key={search.toString()} measures={(measures.data?.measures ?? []).filter((m) => m.inForce).map((m) => ({ value: m.code, text: `${m.name} (${m.direction})` }))}
        initial={{ measure: params.measure ?? '', group: params.group ?? '', grouping: params.grouping ?? '', months: String(params.months) }} practiceUser={me.practiceCode !== null}
        onSubmit={(v) => setSearch(new URLSearchParams(Object.entries(v).filter(([, x]) => x) as [string, string][]), { preventScrollReset: true })} />
      {alerts.isPending && <LoadingStatus>Looking for changes…</LoadingStatus>}
      {alerts.isError && <ProblemMessage><p>The alerts could not be loaded. {alerts.error.message}</p></ProblemMessage>}
      {alerts.data && (
        <>
          <LiveStatus>{raised.length ? `${raised.length} ${raised.length === 1 ? 'alert' : 'alerts'} from ${alerts.data.period.from} to ${alerts.data.period.to}.` : `No alerts from ${alerts.data.period.from} to ${alerts.data.period.to}.`}</LiveStatus>
          <h2>Which way is better</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {alerts.data.measures.map((m) => <li key={m.code}>{m.name}: <strong>{m.direction}</strong></li>)}
          </ul>
          <section aria-labelledby="raised-heading">
            <h2 id="raised-heading">Alerts</h2>
            {raised.length ? <AlertTable caption="Practices whose rate has changed" alerts={raised} /> : <p>No practice’s rate has changed beyond what chance explains.</p>}
          </section>
          {suppressed.length > 0 && (
            <section aria-labelledby="suppressed-heading">
              <h2 id="suppressed-heading">Suppressed: numbers too small to judge</h2>
              <p>These reached the alert level, but fewer than {alerts.data.smallNumber} events were observed or expected in the month, so no alert is raised.</p>
              <AlertTable caption="Changes not raised because the numbers are small" alerts={suppressed} />
            </section>
          )}
          <DownloadLinks href={(format) => alertsUrl(params, format)} what="the alerts" />
          <Details summary="How alerts are found">
            <p>{alerts.data.method}</p>
          </Details>
        </>
      )}
    </>
  );
}

const TAGS: Record<string, { colour: TagColour; text: string }> = {
  good: { colour: 'green', text: 'Good change' },
  concerning: { colour: 'red', text: 'Concerning' },
  'no judgement': { colour: 'blue', text: 'Worth a look' },
};

function AlertTable({ caption, alerts }: { caption: string; alerts: Alert[] }) {
  return (
    <Table caption={caption} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell>Measure</HeaderCell>
        <HeaderCell>Month</HeaderCell>
        <HeaderCell>What it means</HeaderCell>
        <HeaderCell numeric>Observed</HeaderCell>
        <HeaderCell numeric>Expected</HeaderCell>
      </TableHead>
      <TableBody>
        {alerts.map((a) => {
          const tag = a.suppressed ? { colour: 'grey' as const, text: 'Suppressed' } : TAGS[a.judgement ?? 'no judgement']!;
          const compare = a.practiceCode ? `/insight/compare?measure=${encodeURIComponent(a.measureCode)}&practice=${encodeURIComponent(a.practiceCode)}` : null;
          return (
            <TableRow key={`${a.key}-${a.measureCode}`}>
              <Cell rowHeader>{compare ? <Link className="nhsuk-link" to={compare}>{a.label}<span className="nhsuk-u-visually-hidden">: compare on {a.measureName}</span></Link> : a.label}</Cell>
              <Cell>{a.measureName}<span className="app-block app-secondary">{a.direction}</span></Cell>
              <Cell nowrap>{a.monthLabel}</Cell>
              <Cell><Tag colour={tag.colour}>{tag.text}</Tag> {a.message}</Cell>
              <Cell numeric>{formatWhole(a.observed)}</Cell>
              <Cell numeric>{formatExpected(a.expected)}</Cell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function AlertFilters({ measures, initial, practiceUser, onSubmit }: {
  measures: { value: string; text: string }[];
  initial: { measure: string; group: string; grouping: string; months: string };
  practiceUser: boolean;
  onSubmit: (values: { measure: string; group: string; grouping: string; months: string }) => void;
}) {
  const [values, setValues] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }
  return (
    <form onSubmit={submit} noValidate className="nhsuk-u-margin-bottom-5">
      <Select id="alerts-measure" label="Measure" value={values.measure} onChange={(measure) => setValues((v) => ({ ...v, measure }))}
        options={[{ value: '', text: 'Every measure' }, ...measures]} />
      <Select id="alerts-months" label="Months to look back" value={values.months} onChange={(months) => setValues((v) => ({ ...v, months }))}
        options={MONTH_CHOICES.map((m) => ({ value: m, text: `${m} months` }))} />
      {!practiceUser && <PeerSetSelect id="alerts-peers" label="Peers" hint="Practices to compare with. Rates are always judged against the whole commissioner’s." emptyOption="All practices" value={peerSetOf(values.group, values.grouping)} onChange={(p) => setValues((v) => ({ ...v, group: '', grouping: '', ...peerSetParams(p) }))} />}
      <Button>Show alerts</Button>
    </form>
  );
}
