/**
 * /plans/:id/business-cases/:caseId: one outline business case (PLAN-2). The appendix fields of
 * seed 004 as a form, each with the seed's question as its hint; the financial model as a year
 * table of costs and released resources, with the cumulative position and payback worked out as
 * you type (the same rule as the server: src/domain/plans/business-case.ts) and shown as a small
 * chart; the approvals its delegation level needs, with an Approve button for a party that may;
 * and the status. Read-only (with a banner) when the plan is not a draft.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { financialModel, MAX_MODEL_YEARS, type FinancialModel as Model } from '../../../src/domain/plans/business-case.js';
import {
  CASE_STATUS_LABELS, useApproveCase, useBusinessCase, useCaseStatus, useUpdateCase, type BusinessCase, type CaseFields, type CaseStatus, type FinancialModel, type PlanState,
} from '../api/plan-cases.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { parsePoundsInput, poundsInputOf } from '../activity/money.js';
import { formatDateTime } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { ModelChart } from '../plans/cases/ModelChart.js';
import { CaseStatusTag, FrozenBanner, PlanParts, casesPath, useIdParam } from '../plans/cases/shared.js';

export function BusinessCasePage() {
  return (
    <RequirePermission permission="plan.read">
      <BusinessCaseView />
    </RequirePermission>
  );
}
export default BusinessCasePage;

/** The text fields, in the appendices' order, with the seed's questions as hints. */
const TEXT_FIELDS: { key: Exclude<keyof CaseFields, 'title' | 'patientsMin' | 'patientsMax' | 'upfrontInvestmentPence' | 'patientsNote' | 'freedResourcesTimescale'>; label: string; hint: string }[] = [
  { key: 'outline', label: 'Outline of the proposed service change', hint: 'What will change, for whom, and who will provide it.' },
  { key: 'benefitToPatients', label: 'Benefit to patients', hint: 'What patients gain: quicker care, care closer to home, continuity, fewer admissions.' },
  { key: 'evidenceOfEffectiveness', label: 'Evidence of clinical effectiveness', hint: 'Evidence to support the clinical effectiveness of the proposed service: trials, other areas’ results, guidance.' },
  { key: 'patientSupport', label: 'Patient support', hint: 'Evidence of patient support, including consultation with patients and users.' },
  { key: 'stakeholderSupport', label: 'Stakeholder support', hint: 'Evidence of stakeholder support, including consultation with other relevant professionals and, where applicable, other providers.' },
  { key: 'costs', label: 'Costs of the proposed service', hint: 'Including details of any up-front investment. Detailed costs belong in the contract for the new service; give an overall estimate here.' },
  { key: 'freedResources', label: 'Value of freed-up resources', hint: 'The likely value of the resources the change frees up. Overall value here; further detail in the contract.' },
  { key: 'linksToPriorities', label: 'Links to priorities', hint: 'Links to, and any impact on, local and national priorities.' },
  { key: 'risks', label: 'Risks', hint: 'An assessment of the risks of the service, including whether there are other similar local providers.' },
];

type Field = 'title' | 'patientsMin' | 'patientsMax' | 'upfrontInvestmentPence' | 'years' | (typeof TEXT_FIELDS)[number]['key'] | 'patientsNote' | 'freedResourcesTimescale';

const partyOfRole = (role: string) => (role === 'board' || role === 'practice' ? 'consortium' : role === 'commissioner' || role === 'finance' ? 'commissioner' : null);

function BusinessCaseView() {
  const planId = useIdParam('id') ?? 0;
  const caseId = useIdParam('caseId') ?? 0;
  const found = useBusinessCase(planId, caseId);
  const me = useCurrentUser();
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(found.data ? found.data.title : 'Business case', formErrors);

  if (found.isPending) return <LoadingStatus>Loading the business case…</LoadingStatus>;
  if (found.isError) return <ProblemMessage><p>The business case could not be loaded. {found.error.message}</p></ProblemMessage>;
  const c = found.data;
  const { plan } = c;
  const editable = plan.editable && can(me, 'plan.edit');
  return (
    <>
      <BackLink to={casesPath(planId)}>Back to the business cases</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{plan.title}</span>
      <h1>{c.title}</h1>
      <PlanParts planId={planId} current="cases" />
      <FrozenBanner plan={plan} />
      <SummaryList rows={[
        { key: 'Status', value: <CaseStatusTag status={c.status} label={c.statusLabel} /> },
        { key: 'Payback', value: c.model.paybackLabel },
        { key: 'Approval', value: c.approval.message },
        { key: 'Last changed', value: `By ${c.updatedBy} on ${formatDateTime(c.updatedAt)}` },
      ]} />

      <Approvals c={c} planId={planId} onDone={setDone} />
      {can(me, 'plan.edit') && c.nextStatuses.length > 0 && <StatusForm key={`status-${c.id}-${c.revision}`} c={c} planId={planId} onDone={setDone} />}

      {editable
        ? <CaseForm key={`form-${c.id}-${c.revision}`} c={c} planId={planId} onDone={setDone} onErrorsChange={setFormErrors} />
        : <CaseReadOnly c={c} plan={plan} />}
    </>
  );
}

// ── Approvals ───────────────────────────────────────────────────────────────────────────────────

function Approvals({ c, planId, onDone }: { c: BusinessCase; planId: number; onDone: (message: string) => void }) {
  const me = useCurrentUser();
  const approve = useApproveCase(planId);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mine = partyOfRole(me.role);
  const mayApprove = can(me, 'case.approve') && c.status === 'proposed' && mine !== null && c.approval.waitingFor.includes(mine);

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    approve.mutate({ id: c.id, note: note.trim() }, {
      onSuccess: (saved) => onDone(saved.status === 'approved' ? `${saved.title} is approved.` : `Your approval is recorded. ${saved.approval.message}.`),
      onError: (error) => setProblem(error.message),
    });
  }

  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Approval</h2>
      <p>
        {c.approval.categoryLabel}{c.approval.categorySet ? '' : ' (the default: no level is set for this group)'}: business cases are approved by{' '}
        {c.approval.needed.map((p) => `the ${p}`).join(' and ')}.
      </p>
      {c.approval.approvals.length > 0
        ? (
          <Table caption="Approvals given" captionSize="s">
            <TableHead>
              <HeaderCell>Party</HeaderCell>
              <HeaderCell>By</HeaderCell>
              <HeaderCell>When</HeaderCell>
              <HeaderCell>Note</HeaderCell>
            </TableHead>
            <TableBody>
              {c.approval.approvals.map((a) => (
                <TableRow key={a.party}>
                  <Cell rowHeader>{a.partyLabel}</Cell>
                  <Cell>{a.userName}</Cell>
                  <Cell nowrap>{formatDateTime(a.approvedAt)}</Cell>
                  <Cell>{a.note || '—'}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )
        : <p>No approvals yet.</p>}
      <p><strong>{c.approval.message}.</strong></p>
      {mayApprove && (
        <form onSubmit={submit} noValidate>
          {problem && <ErrorSummary errors={[{ text: problem }]} />}
          <Textarea id="approval-note" label="Note (optional)" hint="For example, the meeting that agreed it." rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          <Button disabled={approve.isPending}>{approve.isPending ? 'Approving…' : `Approve for the ${mine}`}</Button>
        </form>
      )}
    </section>
  );
}

// ── Status ──────────────────────────────────────────────────────────────────────────────────────

function StatusForm({ c, planId, onDone }: { c: BusinessCase; planId: number; onDone: (message: string) => void }) {
  const move = useCaseStatus(planId);
  const [status, setStatus] = useState<CaseStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const HINTS: Partial<Record<CaseStatus, string>> = {
    proposed: 'Ready for approval by the parties its delegation level needs.',
    idea: 'Back to an idea for more work; approvals given so far are withdrawn.',
    live: 'The service has started.',
    rejected: 'Not going ahead; it can be taken up again as an idea.',
    withdrawn: 'Taken out of the plan; it can be taken up again as an idea.',
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!status) return setError('Select the new status');
    setError(null);
    // mutateAsync, not mutate's callbacks: the saved case's new revision remounts this form (its
    // key) before those callbacks would run, and they are dropped with it.
    move.mutateAsync({ id: c.id, status, revision: c.revision }).then(
      (saved) => onDone(`${saved.title} is now marked ${saved.statusLabel}.`),
      (e: Error) => setProblem(e.message),
    );
  }

  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <form onSubmit={submit} noValidate>
        {(error || problem) && <ErrorSummary errors={error ? [{ text: error, fieldId: firstRadioId('case-status') }] : [{ text: problem! }]} />}
        <Radios<CaseStatus> name="case-status" legend={`Move the case on from ${c.statusLabel}`} legendSize="s" value={status} onChange={setStatus} error={error}
          options={c.nextStatuses.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s], hint: HINTS[s] }))} />
        <Button variant="secondary" disabled={move.isPending}>{move.isPending ? 'Saving…' : 'Change status'}</Button>
      </form>
    </section>
  );
}

// ── The case's wording and model ───────────────────────────────────────────────────────────────

interface YearRow { cost: string; released: string }

const FIELD_IDS: Record<Field, string> = {
  title: 'case-title', patientsMin: 'case-patients-min', patientsMax: 'case-patients-max', patientsNote: 'case-patients-note',
  upfrontInvestmentPence: 'case-upfront', years: 'case-year-1-cost', freedResourcesTimescale: 'case-timescale',
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, `case-${f.key}`])) as Record<(typeof TEXT_FIELDS)[number]['key'], string>,
};

const wholeNumber = (text: string): number | null | undefined => {
  if (!text.trim()) return null;
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
};

function CaseForm({ c, planId, onDone, onErrorsChange }: { c: BusinessCase; planId: number; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const save = useUpdateCase(planId);
  const [text, setText] = useState<Record<string, string>>(() => ({
    title: c.title, patientsNote: c.patientsNote, freedResourcesTimescale: c.freedResourcesTimescale,
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, c[f.key]])),
    patientsMin: c.patientsMin === null ? '' : String(c.patientsMin), patientsMax: c.patientsMax === null ? '' : String(c.patientsMax),
    upfront: poundsInputOf(c.upfrontInvestmentPence),
  }));
  const [years, setYears] = useState<YearRow[]>(() => (c.years.length ? Array.from({ length: Math.max(...c.years.map((y) => y.yearIndex)) }, (_, i) => {
    const y = c.years.find((x) => x.yearIndex === i + 1);
    return { cost: poundsInputOf(y?.costPence ?? 0), released: poundsInputOf(y?.releasedPence ?? 0) };
  }) : [{ cost: '', released: '' }, { cost: '', released: '' }, { cost: '', released: '' }]));
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, FIELD_IDS, general);
  const set = (key: string) => (value: string) => setText((t) => ({ ...t, [key]: value }));
  const setYear = (i: number, part: keyof YearRow) => (value: string) => setYears((ys) => ys.map((y, j) => (j === i ? { ...y, [part]: value } : y)));

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }
  useEffect(() => () => onErrorsChange(false), [onErrorsChange]);

  // The model as typed: blank cells count as £0; a cell that is not an amount leaves the preview out.
  const upfront = text.upfront!.trim() ? parsePoundsInput(text.upfront!) : 0;
  const parsedYears = years.map((y, i) => ({ yearIndex: i + 1, costPence: y.cost.trim() ? parsePoundsInput(y.cost) : 0, releasedPence: y.released.trim() ? parsePoundsInput(y.released) : 0 }));
  let preview: Model | null = null;
  if (upfront !== null && parsedYears.every((y) => y.costPence !== null && y.releasedPence !== null)) {
    try {
      preview = financialModel(upfront, parsedYears as { yearIndex: number; costPence: number; releasedPence: number }[]);
    } catch {
      preview = null;
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!text.title!.trim()) found.title = 'Enter the title of the proposed service change';
    const min = wholeNumber(text.patientsMin!);
    const max = wholeNumber(text.patientsMax!);
    if (min === undefined) found.patientsMin = 'Minimum number of patients must be a whole number, like 40';
    if (max === undefined) found.patientsMax = 'Maximum number of patients must be a whole number, like 120';
    else if (typeof min === 'number' && typeof max === 'number' && max < min) found.patientsMax = `Maximum number of patients must be at least the minimum (${min})`;
    if (upfront === null) found.upfrontInvestmentPence = 'Up-front investment must be an amount in pounds, like 15000 or 15000.50';
    const badYear = parsedYears.findIndex((y) => y.costPence === null || y.releasedPence === null);
    if (badYear >= 0) found.years = `Year ${badYear + 1}: costs and released resources must be amounts in pounds, like 42000`;
    show(found, null);
    if (Object.keys(found).length || upfront === null || min === undefined || max === undefined) return;
    const fields = Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, text[f.key]!.trim()])) as Pick<CaseFields, (typeof TEXT_FIELDS)[number]['key']>;
    // mutateAsync, as in StatusForm: the saved revision remounts this form before mutate's callbacks would run.
    save.mutateAsync({
      id: c.id, revision: c.revision, title: text.title!.trim(), ...fields, patientsMin: min, patientsMax: max, patientsNote: text.patientsNote!.trim(),
      freedResourcesTimescale: text.freedResourcesTimescale!.trim(), upfrontInvestmentPence: upfront,
      years: parsedYears.map((y) => ({ yearIndex: y.yearIndex, costPence: y.costPence!, releasedPence: y.releasedPence! })),
    }).then(
      (saved) => onDone(`${saved.title} is saved.${saved.approval.approvals.length < c.approval.approvals.length ? ' The approvals given to the earlier wording are withdrawn.' : ''}`),
      (error: Error) => {
        const mapped = fromServer(error, Object.keys(FIELD_IDS) as Field[]);
        show(mapped.fields, mapped.general);
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>The outline business case</h2>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id={FIELD_IDS.title} label="Title" width={30} maxLength={300} value={text.title} error={errors.title} onChange={(e) => set('title')(e.target.value)} />
      {TEXT_FIELDS.slice(0, 2).map((f) => (
        <Textarea key={f.key} id={FIELD_IDS[f.key]} label={f.label} labelSize="s" hint={f.hint} rows={4} maxLength={20000} value={text[f.key]} error={errors[f.key]} onChange={(e) => set(f.key)(e.target.value)} />
      ))}
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Patients the service will cover</legend>
        <p className="nhsuk-hint">The estimated number of patients the service is likely to cover, with the minimum and maximum.</p>
        <TextInput id={FIELD_IDS.patientsMin} label="Minimum" width={10} inputMode="numeric" autoComplete="off" value={text.patientsMin} error={errors.patientsMin} onChange={(e) => set('patientsMin')(e.target.value)} />
        <TextInput id={FIELD_IDS.patientsMax} label="Maximum" width={10} inputMode="numeric" autoComplete="off" value={text.patientsMax} error={errors.patientsMax} onChange={(e) => set('patientsMax')(e.target.value)} />
        <TextInput id={FIELD_IDS.patientsNote} label="Note on the numbers" hint="Where the figures come from, or what is still needed." width={30} maxLength={2000} value={text.patientsNote} error={errors.patientsNote} onChange={(e) => set('patientsNote')(e.target.value)} />
      </fieldset>
      {TEXT_FIELDS.slice(2).map((f) => (
        <div key={f.key}>
          <Textarea id={FIELD_IDS[f.key]} label={f.label} labelSize="s" hint={f.hint} rows={4} maxLength={20000} value={text[f.key]} error={errors[f.key]} onChange={(e) => set(f.key)(e.target.value)} />
          {f.key === 'freedResources' && (
            <TextInput id={FIELD_IDS.freedResourcesTimescale} label="Over what timescale" width={30} maxLength={2000} value={text.freedResourcesTimescale} error={errors.freedResourcesTimescale} onChange={(e) => set('freedResourcesTimescale')(e.target.value)} />
          )}
        </div>
      ))}

      <h2>Financial model</h2>
      <p>What the change costs against the resources it releases, year by year. The up-front investment is spent at the start; the cumulative position is what has come back less what has been spent.</p>
      <TextInput id={FIELD_IDS.upfrontInvestmentPence} label="Up-front investment, in pounds" width={10} inputMode="decimal" autoComplete="off" value={text.upfront} error={errors.upfrontInvestmentPence} onChange={(e) => set('upfront')(e.target.value)} />
      <div className={errors.years ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
        {errors.years && <span className="nhsuk-error-message" id="case-years-error"><span className="nhsuk-u-visually-hidden">Error:</span> {errors.years}</span>}
        <Table caption="Costs and released resources by year, in pounds" captionSize="s" scrollable>
          <TableHead>
            <HeaderCell>Year</HeaderCell>
            <HeaderCell>Costs (£)</HeaderCell>
            <HeaderCell>Released (£)</HeaderCell>
            <HeaderCell numeric>Net</HeaderCell>
            <HeaderCell numeric>Cumulative position</HeaderCell>
          </TableHead>
          <TableBody>
            {years.map((y, i) => {
              const row = preview?.years[i];
              return (
                <TableRow key={i}>
                  <Cell rowHeader>Year {i + 1}</Cell>
                  <Cell><input className="nhsuk-input nhsuk-input--width-10" id={i === 0 ? FIELD_IDS.years : `case-year-${i + 1}-cost`} aria-label={`Year ${i + 1} costs, in pounds`} inputMode="decimal" autoComplete="off" value={y.cost} onChange={(e) => setYear(i, 'cost')(e.target.value)} /></Cell>
                  <Cell><input className="nhsuk-input nhsuk-input--width-10" id={`case-year-${i + 1}-released`} aria-label={`Year ${i + 1} released resources, in pounds`} inputMode="decimal" autoComplete="off" value={y.released} onChange={(e) => setYear(i, 'released')(e.target.value)} /></Cell>
                  <Cell numeric nowrap>{row ? formatPence(row.netPence) : '—'}</Cell>
                  <Cell numeric nowrap>{row ? formatPence(row.cumulativePence) : '—'}</Cell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <ButtonGroup>
          {years.length < MAX_MODEL_YEARS && <Button type="button" variant="secondary" small onClick={() => setYears((ys) => [...ys, { cost: '', released: '' }])}>Add a year</Button>}
          {years.length > 1 && <Button type="button" variant="secondary" small onClick={() => setYears((ys) => ys.slice(0, -1))}>Remove year {years.length}</Button>}
        </ButtonGroup>
      </div>
      {preview ? <ModelSummary model={preview} title={`Financial model of ${c.title}`} /> : <p>Correct the amounts to see the cumulative position and payback.</p>}

      <Button disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save business case'}</Button>
    </form>
  );
}

function ModelSummary({ model, title }: { model: FinancialModel; title: string }) {
  return (
    <div aria-live="polite">
      <p className="nhsuk-body-l"><strong>{model.paybackLabel}.</strong></p>
      <SummaryList noBorder rows={[
        { key: 'Total costs, up-front included', value: formatPence(model.totalCostPence) },
        { key: 'Total released', value: formatPence(model.totalReleasedPence) },
        { key: `Position after ${model.horizonYears} years`, value: formatPence(model.netTotalPence) },
      ]} />
      {model.horizonYears > 0 && <ModelChart model={model} title={title} />}
    </div>
  );
}

function CaseReadOnly({ c, plan }: { c: BusinessCase; plan: PlanState }) {
  const paragraphs = (text: string) => (text.trim() ? text.split(/\n{2,}/).map((p, i) => <p key={i} className="nhsuk-body">{p}</p>) : <span className="app-secondary">Not written</span>);
  const patients = c.patientsMin === null && c.patientsMax === null ? 'Not given' : `${c.patientsMin ?? '?'} to ${c.patientsMax ?? '?'}`;
  return (
    <section aria-labelledby="case-text">
      <h2 id="case-text">The outline business case</h2>
      {!plan.editable && <p className="app-secondary">As in version {plan.version} of the plan.</p>}
      <SummaryList rows={[
        ...TEXT_FIELDS.slice(0, 2).map((f) => ({ key: f.label, value: paragraphs(c[f.key]) })),
        { key: 'Patients the service will cover', value: <>{patients}{c.patientsNote && <><br /><span className="app-secondary">{c.patientsNote}</span></>}</> },
        ...TEXT_FIELDS.slice(2).map((f) => ({ key: f.label, value: f.key === 'freedResources' ? <>{paragraphs(c.freedResources)}{c.freedResourcesTimescale && <p className="nhsuk-body">Timescale: {c.freedResourcesTimescale}</p>}</> : paragraphs(c[f.key]) })),
      ]} />
      <h2>Financial model</h2>
      <p>Up-front investment: {formatPence(c.upfrontInvestmentPence)}.</p>
      {c.model.years.length > 0 && (
        <Table caption="Costs and released resources by year" captionSize="s" scrollable>
          <TableHead>
            <HeaderCell>Year</HeaderCell>
            <HeaderCell numeric>Costs</HeaderCell>
            <HeaderCell numeric>Released</HeaderCell>
            <HeaderCell numeric>Net</HeaderCell>
            <HeaderCell numeric>Cumulative position</HeaderCell>
          </TableHead>
          <TableBody>
            {c.model.years.map((y) => (
              <TableRow key={y.yearIndex}>
                <Cell rowHeader>Year {y.yearIndex}</Cell>
                <Cell numeric nowrap>{formatPence(y.costPence)}</Cell>
                <Cell numeric nowrap>{formatPence(y.releasedPence)}</Cell>
                <Cell numeric nowrap>{formatPence(y.netPence)}</Cell>
                <Cell numeric nowrap>{formatPence(y.cumulativePence)}</Cell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ModelSummary model={c.model} title={`Financial model of ${c.title}`} />
    </section>
  );
}
