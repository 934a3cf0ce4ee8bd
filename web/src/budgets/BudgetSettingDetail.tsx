/**
 * One budget version: its parameters, the practices' historic spend, fair share, budget and change
 * with group and commissioner totals (and the risk pool), review / publish / discard with a
 * confirmation step, and, once published, its variations and a form to record one.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  fractionPercent, HISTORIC_SOURCE_LABELS, settingUrl, STATUS_LABELS, useAddBudgetVariation, useDiscardSetting, usePublishSetting, useReviewSetting,
  type BudgetReference, type BudgetStatus, type SettingView, type VariationMethod,
} from '../api/budgets.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { formatSignedPence, parsePoundsInput } from '../activity/money.js';
import { MONTH_LABELS } from '../activity/years.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

const STATUS_COLOURS: Record<BudgetStatus, TagColour> = { draft: 'grey', reviewed: 'blue', published: 'green', superseded: 'white' };

export function StatusTag({ status }: { status: BudgetStatus }) {
  return <Tag colour={STATUS_COLOURS[status]}>{STATUS_LABELS[status]}</Tag>;
}

const signedPercent = (p: number | null) => (p === null ? '' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`);

export function BudgetSettingDetail({ setting, reference, onDiscarded }: { setting: SettingView; reference: BudgetReference; onDiscarded: () => void }) {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <SummaryList rows={[
        { key: 'Status', value: <><StatusTag status={setting.status} />{setting.status === 'superseded' && setting.supersededAt ? ` on ${formatDate(setting.supersededAt.slice(0, 10))}` : ''}</> },
        { key: 'Commissioner’s total', value: formatPence(setting.commissionerTotalPence) },
        { key: 'Risk pool (top slice)', value: `${formatPence(setting.topSlicePence)} (${fractionPercent(setting.topSlicePercent)})` },
        { key: 'Practices’ budgets', value: `${formatPence(setting.practicesTotalPence)}${setting.variationsPence ? `, ${formatSignedPence(setting.variationsPence)} in variations` : ''}` },
        { key: `Historic spend (${setting.historicYear})`, value: `${formatPence(setting.historicTotalPence)}, from ${HISTORIC_SOURCE_LABELS[setting.historicSource]}` },
        { key: 'Growth', value: formatSignedPence(setting.growthPence) },
        { key: 'Pace of change', value: fractionPercent(setting.pace) },
        { key: 'Floor', value: `No practice loses more than ${fractionPercent(setting.floorPercent)} of its historic spend` },
        { key: 'Scope', value: `${setting.scope.description} (held at ${setting.scope.level} level)` },
        { key: 'Fair shares', value: `Weighted capitation, population of ${setting.populationPeriod ? formatDate(setting.populationPeriod) : 'the latest period'}` },
        { key: 'Phasing', value: setting.phasing === 'even' ? 'Even' : `By profile: ${setting.profile?.join(', ') ?? ''}` },
        { key: 'High-cost threshold', value: setting.highCostThresholdPence === null ? 'None' : `${formatPence(setting.highCostThresholdPence)} per patient` },
        { key: 'Sharing rule', value: reference.sharingRules.find((r) => r.rule === setting.sharingRule)?.description ?? setting.sharingRule },
        { key: 'Reinvestment', value: `${reference.reinvestmentRules.find((r) => r.rule === setting.reinvestmentRule)?.description ?? setting.reinvestmentRule}${setting.practiceSharePercent !== null ? ` Practice share ${fractionPercent(setting.practiceSharePercent)}.` : ''}` },
        { key: 'Drafted', value: `${formatDateTime(setting.createdAt)} by ${setting.createdBy}` },
        ...(setting.reviewedBy ? [{ key: 'Reviewed', value: `${formatDateTime(setting.reviewedAt)} by ${setting.reviewedBy}` }] : []),
        ...(setting.publishedBy ? [{ key: 'Published', value: `${formatDateTime(setting.publishedAt)} by ${setting.publishedBy}` }] : []),
        ...(setting.notes ? [{ key: 'Notes', value: setting.notes }] : []),
      ]} />

      {!isPractice && <StatusActions setting={setting} onDone={setDone} onDiscarded={onDiscarded} />}

      <section aria-labelledby="practice-budgets">
        <h2 id="practice-budgets">{isPractice ? 'Your practice’s budget' : 'Practice budgets'}</h2>
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">How the budgets are set</span></summary>
          <div className="nhsuk-details__text"><ul className="nhsuk-list nhsuk-list--bullet">{setting.rule.map((r) => <li key={r}>{r}</li>)}</ul></div>
        </details>
        <BudgetTable setting={setting} />
        <DownloadLinks what={`${setting.serviceLineLabel} budgets ${setting.year}, version ${setting.version}`} href={(format) => settingUrl(setting.id, format)} />
        {setting.status === 'published' && (
          <p><Link className="nhsuk-link" to={`/budgets/monitoring?year=${encodeURIComponent(setting.year)}&serviceLine=${setting.serviceLine}`}>See spend against these budgets</Link></p>
        )}
      </section>

      {(setting.status === 'published' || setting.variations.length > 0) && (
        <section aria-labelledby="variations">
          <h2 id="variations">Variations</h2>
          {setting.variations.length === 0 ? <p>No variations yet.</p> : (
            <Table caption={`Variations to version ${setting.version}`} captionHidden scrollable>
              <TableHead>
                <HeaderCell>Practice</HeaderCell><HeaderCell>From</HeaderCell><HeaderCell numeric>Amount</HeaderCell><HeaderCell>Method</HeaderCell><HeaderCell>Reason</HeaderCell><HeaderCell>Recorded</HeaderCell>
              </TableHead>
              <TableBody>
                {setting.variations.map((x) => (
                  <TableRow key={x.id}>
                    <Cell rowHeader>{setting.practices.find((p) => p.practiceCode === x.practiceCode)?.practiceName ?? x.practiceCode}</Cell>
                    <Cell>{MONTH_LABELS[x.fromMonth - 1]}</Cell>
                    <Cell numeric nowrap>{formatSignedPence(x.amountPence)}</Cell>
                    <Cell>{reference.variationMethods.find((m) => m.method === x.method)?.label ?? x.method}</Cell>
                    <Cell>{x.reason}</Cell>
                    <Cell nowrap>{formatDateTime(x.recordedAt)}<span className="app-block app-secondary">{x.recordedBy}</span></Cell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {setting.status === 'published' && can(me, 'budget.manage') && <VariationForm setting={setting} reference={reference} onDone={setDone} />}
        </section>
      )}
    </>
  );
}

function BudgetTable({ setting }: { setting: SettingView }) {
  const showVariations = setting.total.variationsPence !== 0;
  const row = (key: string, name: ReactNode, detail: string | null, r: { historicPence: number; fairSharePence: number; budgetPence: number; changePence: number; variationsPence: number; currentBudgetPence: number },
    extra: { percent: number | null; floor?: boolean; bold?: boolean }) => {
    const b = (text: string) => (extra.bold ? <strong>{text}</strong> : text);
    return (
      <TableRow key={key}>
        <Cell rowHeader>{name}{detail && <span className="app-block app-secondary">{detail}</span>}</Cell>
        <Cell numeric nowrap>{b(formatPence(r.historicPence))}</Cell>
        <Cell numeric nowrap>{b(formatPence(r.fairSharePence))}</Cell>
        <Cell numeric nowrap>{b(formatSignedPence(r.historicPence - r.fairSharePence))}</Cell>
        <Cell numeric nowrap>{b(formatPence(r.budgetPence))}</Cell>
        <Cell numeric nowrap>{b(formatSignedPence(r.changePence))}<span className="app-block app-secondary">{signedPercent(extra.percent)}</span></Cell>
        {showVariations && <Cell numeric nowrap>{b(formatPence(r.currentBudgetPence))}</Cell>}
        <Cell>{extra.floor ? <Tag colour="yellow">Floor</Tag> : ''}</Cell>
      </TableRow>
    );
  };
  const pct = (change: number, historic: number) => (historic ? Math.round((change * 1000) / historic) / 10 : null);
  return (
    <Table caption={`${setting.serviceLineLabel} budgets ${setting.year}, version ${setting.version}`} captionSize="s" scrollable>
      <TableHead>
        <HeaderCell>Practice</HeaderCell>
        <HeaderCell numeric>Historic spend ({setting.historicYear})</HeaderCell>
        <HeaderCell numeric>Fair share (target)</HeaderCell>
        <HeaderCell numeric>Distance from target</HeaderCell>
        <HeaderCell numeric>Budget</HeaderCell>
        <HeaderCell numeric>Change</HeaderCell>
        {showVariations && <HeaderCell numeric>Budget after variations</HeaderCell>}
        <HeaderCell>Held by the floor</HeaderCell>
      </TableHead>
      <TableBody>
        {setting.practices.map((p) => row(p.practiceCode, p.practiceName, `${p.practiceCode}, ${p.groupName}`, p, { percent: p.changePercent, floor: p.floorApplied }))}
        {setting.groups.map((g) => row(`group-${g.groupCode}`, <strong>{g.groupName}</strong>, `Group total, ${g.practices} practices`, g, { percent: pct(g.changePence, g.historicPence), bold: true }))}
        {row('total', <strong>All practices</strong>, `Commissioner total less the risk pool, ${setting.total.practices} practices`, setting.total, { percent: pct(setting.total.changePence, setting.total.historicPence), bold: true })}
      </TableBody>
    </Table>
  );
}

function StatusActions({ setting, onDone, onDiscarded }: { setting: SettingView; onDone: (message: string) => void; onDiscarded: () => void }) {
  const me = useCurrentUser();
  const review = useReviewSetting();
  const publish = usePublishSetting();
  const discard = useDiscardSetting();
  const [confirming, setConfirming] = useState<'review' | 'publish' | 'discard' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (confirming) headingRef.current?.focus(); }, [confirming]);
  const actions: { action: 'review' | 'publish' | 'discard'; label: string; allowed: boolean }[] = [
    { action: 'review', label: 'Mark as reviewed', allowed: setting.status === 'draft' && can(me, 'budget.manage') },
    { action: 'publish', label: 'Publish', allowed: setting.status === 'reviewed' && can(me, 'budget.publish') },
    { action: 'discard', label: 'Discard this version', allowed: (setting.status === 'draft' || setting.status === 'reviewed') && can(me, 'budget.manage') },
  ];
  const available = actions.filter((a) => a.allowed);
  if (!available.length) {
    if (setting.status === 'reviewed' && !can(me, 'budget.publish')) return <p>This version is reviewed. Someone in finance with permission to publish budgets can now publish it.</p>;
    return null;
  }
  const consequences = {
    review: `Mark version ${setting.version} as reviewed? It can then be published.`,
    publish: `Publish version ${setting.version} of the ${setting.serviceLineLabel.toLowerCase()} budgets for ${setting.year}? The practices will see their budgets, any version published before is superseded, and this one can then only be changed by a variation or a new version.`,
    discard: `Discard version ${setting.version}? It is deleted, and the audit log keeps the record that it was.`,
  };
  function go() {
    if (!confirming) return;
    setProblem(null);
    const onError = (error: Error) => setProblem(error instanceof ApiError ? error.message : 'Something went wrong. Try again.');
    if (confirming === 'review') review.mutate(setting.id, { onSuccess: () => { setConfirming(null); onDone(`Version ${setting.version} is reviewed`); }, onError });
    if (confirming === 'publish') publish.mutate(setting.id, { onSuccess: () => { setConfirming(null); onDone(`Version ${setting.version} is published`); }, onError });
    if (confirming === 'discard') discard.mutate(setting.id, { onSuccess: () => { setConfirming(null); onDiscarded(); }, onError });
  }
  const busy = review.isPending || publish.isPending || discard.isPending;
  return (
    <section aria-labelledby="budget-actions">
      <h2 id="budget-actions" className="nhsuk-u-visually-hidden">What to do with this version</h2>
      {problem && <ProblemMessage><p>{problem}</p></ProblemMessage>}
      {confirming ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label" ref={headingRef} tabIndex={-1}><span role="text"><span className="nhsuk-u-visually-hidden">Important: </span>Are you sure?</span></h3>
          <p>{consequences[confirming]}</p>
          <ButtonGroup>
            <Button type="button" variant={confirming === 'discard' ? 'warning' : 'primary'} disabled={busy} onClick={go}>
              {confirming === 'review' ? 'Yes, mark as reviewed' : confirming === 'publish' ? 'Yes, publish' : 'Yes, discard it'}
            </Button>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => setConfirming(null)}>Cancel</Button>
          </ButtonGroup>
        </div>
      ) : (
        <ButtonGroup>
          {available.map((a) => (
            <Button key={a.action} type="button" variant={a.action === 'discard' ? 'warning' : a.action === 'publish' ? 'primary' : 'secondary'} onClick={() => setConfirming(a.action)}>{a.label}</Button>
          ))}
        </ButtonGroup>
      )}
    </section>
  );
}

type VariationField = 'practice' | 'fromMonth' | 'amount' | 'method' | 'reason';
const VARIATION_IDS: Record<VariationField, string> = { practice: 'variation-practice', fromMonth: 'variation-month', amount: 'variation-amount', method: 'variation-method', reason: 'variation-reason' };

function VariationForm({ setting, reference, onDone }: { setting: SettingView; reference: BudgetReference; onDone: (message: string) => void }) {
  const add = useAddBudgetVariation();
  const [v, setV] = useState({ practice: '', fromMonth: '', amount: '', method: '' as VariationMethod | '', reason: '' });
  const [errors, setErrors] = useState<Partial<Record<VariationField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary: ErrorSummaryItem[] = [
    ...(Object.keys(VARIATION_IDS) as VariationField[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: VARIATION_IDS[k] })),
    ...(general ? [{ text: general }] : []),
  ];
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<VariationField, string>> = {};
    if (!v.practice) found.practice = 'Select the practice';
    if (!v.fromMonth) found.fromMonth = 'Select the month the change starts';
    const amount = parsePoundsInput(v.amount, { allowNegative: true });
    if (amount === null || amount === 0) found.amount = 'Enter the change to the year’s budget in pounds, like 12000 or -5000 for a reduction';
    if (!v.method) found.method = 'Select how the change was decided';
    if (!v.reason.trim()) found.reason = 'Enter the reason for the change';
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    add.mutate({ id: setting.id, input: { practiceCode: v.practice, fromMonth: Number(v.fromMonth), amountPence: amount!, method: v.method as VariationMethod, reason: v.reason.trim() } }, {
      onSuccess: () => { setV({ practice: '', fromMonth: '', amount: '', method: '', reason: '' }); onDone('The variation is recorded'); },
      onError: (error) => setGeneral(error.message),
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h3>Record a variation</h3>
      <p>A published budget is never edited: a change during the year is recorded here, with its reason and how it was decided, and spread from its month to March.</p>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={VARIATION_IDS.practice} label="Practice" value={v.practice} error={errors.practice} onChange={(practice) => setV((x) => ({ ...x, practice }))}
        options={[{ value: '', text: 'Choose a practice' }, ...setting.practices.map((p) => ({ value: p.practiceCode, text: `${p.practiceName} (${p.practiceCode})` }))]} />
      <Select id={VARIATION_IDS.fromMonth} label="From" value={v.fromMonth} error={errors.fromMonth} onChange={(fromMonth) => setV((x) => ({ ...x, fromMonth }))}
        options={[{ value: '', text: 'Choose a month' }, ...MONTH_LABELS.map((m, i) => ({ value: String(i + 1), text: m }))]} />
      <TextInput id={VARIATION_IDS.amount} label="Change to the year’s budget, in pounds" hint="Negative for a reduction, like -5000." width={10} inputMode="decimal" autoComplete="off"
        value={v.amount} error={errors.amount} onChange={(e) => setV((x) => ({ ...x, amount: e.target.value }))} suffix="£" />
      <Select id={VARIATION_IDS.method} label="Method" value={v.method} error={errors.method} onChange={(method) => setV((x) => ({ ...x, method: method as VariationMethod | '' }))}
        options={[{ value: '', text: 'Choose a method' }, ...reference.variationMethods.map((m) => ({ value: m.method, text: m.label }))]} />
      <Textarea id={VARIATION_IDS.reason} label="Reason" rows={3} maxLength={1000} value={v.reason} error={errors.reason} onChange={(e) => setV((x) => ({ ...x, reason: e.target.value }))} />
      <Button disabled={add.isPending}>Record the variation</Button>
    </form>
  );
}
