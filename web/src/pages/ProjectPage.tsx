/**
 * /portfolio/:id: one project of the portfolio (PLAN-6): what it is and who leads it, and the
 * benefits it should realise in the short, medium and long term, each with its measure, baseline,
 * target, date, status (past due when its date has gone and it is not realised) and the readings
 * that track it. The board and the commissioner change the project, add benefits, change their
 * status and record readings; the benefit open for a change lives in the address.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  BENEFIT_HORIZONS, BENEFIT_STATUSES, BENEFIT_STATUS_LABELS, HORIZON_LABELS, PROJECT_STATUSES, PROJECT_STATUS_LABELS,
  useAddBenefit, useAddReading, useProject, useUpdateBenefit, useUpdateProject, type Benefit, type BenefitHorizon, type BenefitStatus, type Project, type ProjectStatus,
} from '../api/portfolio.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { formatDate, formatShortDate } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { BenefitStatusTag, ProjectStatusTag, casePath, useIdParam } from '../plans/cases/shared.js';
import { isoFromParts, partsFromIso } from '../referrals/referral-form.js';

export function ProjectPage() {
  return (
    <RequirePermission permission="plan.read">
      <ProjectView />
    </RequirePermission>
  );
}
export default ProjectPage;

function ProjectView() {
  const id = useIdParam('id') ?? 0;
  const me = useCurrentUser();
  const found = useProject(id);
  const [search, setSearch] = useSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(found.data?.name ?? 'Project', formErrors);

  if (found.isPending) return <LoadingStatus>Loading the project…</LoadingStatus>;
  if (found.isError) return <ProblemMessage><p>The project could not be loaded. {found.error.message}</p></ProblemMessage>;
  const p = found.data;
  const mayChange = can(me, 'milestone.track');
  const selected = p.benefitList.find((b) => b.id === Number(search.get('benefit'))) ?? null;
  const close = () => {
    setSearch({}, { preventScrollReset: true });
  };
  const finish = (message: string) => {
    setDone(message);
    setFormErrors(false);
  };

  return (
    <>
      <BackLink to={`/portfolio${me.role === 'practice' ? '' : `?group=${encodeURIComponent(p.groupCode)}`}`}>Back to the portfolio</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{p.groupName}</span>
      <h1>{p.name}</h1>
      <SummaryList rows={[
        { key: 'Status', value: <ProjectStatusTag status={p.status} label={p.statusLabel} /> },
        { key: 'Lead', value: p.lead || 'Not named' },
        { key: 'Description', value: p.description || 'Not written' },
        { key: 'Started', value: p.startedOn ? formatDate(p.startedOn) : 'Not started' },
        ...(p.businessCaseId && p.businessCasePlanId
          ? [{ key: 'Business case', value: <Link className="nhsuk-link" to={casePath(p.businessCasePlanId, p.businessCaseId)}>{p.businessCaseTitle}</Link> }]
          : []),
      ]} />
      {mayChange && (
        <Details summary="Change the project">
          <ProjectForm key={`${p.id}-${p.status}-${p.name}-${p.lead}`} project={p} onDone={finish} onErrorsChange={setFormErrors} />
        </Details>
      )}

      {selected && mayChange && (
        <BenefitChange key={selected.id} benefit={selected} onDone={(m) => { finish(m); close(); }} onErrorsChange={setFormErrors} onClose={close} />
      )}

      {BENEFIT_HORIZONS.map((h) => {
        const benefits = p.benefitList.filter((b) => b.horizon === h);
        return (
          <section key={h} aria-labelledby={`horizon-${h}`}>
            <h2 id={`horizon-${h}`}>{HORIZON_LABELS[h]} benefits</h2>
            {benefits.length === 0 ? <p className="app-secondary">None yet.</p> : (
              <Table caption={`${HORIZON_LABELS[h]} benefits`} captionHidden scrollable>
                <TableHead>
                  <HeaderCell>Benefit</HeaderCell>
                  <HeaderCell>Measure</HeaderCell>
                  <HeaderCell>Baseline → target</HeaderCell>
                  <HeaderCell>By</HeaderCell>
                  <HeaderCell>Status</HeaderCell>
                  <HeaderCell>Latest reading</HeaderCell>
                  {mayChange && <HeaderCell><span className="nhsuk-u-visually-hidden">Actions</span></HeaderCell>}
                </TableHead>
                <TableBody>
                  {benefits.map((b) => (
                    <TableRow key={b.id}>
                      <Cell rowHeader>{b.description}</Cell>
                      <Cell>{b.measure || '—'}</Cell>
                      <Cell nowrap>{b.baseline || '—'} → {b.target || '—'}</Cell>
                      <Cell nowrap>{b.dueOn ? formatShortDate(b.dueOn) : '—'}</Cell>
                      <Cell>
                        <BenefitStatusTag status={b.status} label={b.statusLabel} />
                        {b.pastDue && <><br /><Tag colour="red">Past due</Tag></>}
                      </Cell>
                      <Cell>
                        {b.latest ? <>{b.latest.value}<br /><span className="nhsuk-body-s app-secondary">{formatShortDate(b.latest.recordedOn)}{b.readings.length > 1 ? `, ${b.readings.length} readings` : ''}</span></> : 'None yet'}
                      </Cell>
                      {mayChange && (
                        <Cell nowrap>
                          {b.id === selected?.id ? <span className="app-secondary">Open above</span>
                            : <Link className="nhsuk-link" to={`?benefit=${b.id}`}>Update<span className="nhsuk-u-visually-hidden"> {b.description}</span></Link>}
                        </Cell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        );
      })}

      {mayChange && <AddBenefit projectId={p.id} onDone={finish} onErrorsChange={setFormErrors} />}
    </>
  );
}

// ── The project ─────────────────────────────────────────────────────────────────────────────────

function ProjectForm({ project: p, onDone, onErrorsChange }: { project: Project; onDone: (m: string) => void; onErrorsChange: (has: boolean) => void }) {
  const update = useUpdateProject();
  const [values, setValues] = useState({ name: p.name, lead: p.lead, description: p.description, status: p.status });
  const [started, setStarted] = useState<DateParts>(p.startedOn ? partsFromIso(p.startedOn) : EMPTY_DATE);
  const [errors, setErrors] = useState<FieldErrors<'name' | 'startedOn'>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, { name: 'edit-project-name', startedOn: dateInputId('edit-project-started') }, general);

  function show(found: FieldErrors<'name' | 'startedOn'>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<'name' | 'startedOn'> = {};
    if (!values.name.trim()) found.name = 'Enter the project’s name';
    const blank = !started.day.trim() && !started.month.trim() && !started.year.trim();
    const startedOn = blank ? null : isoFromParts(started);
    if (!blank && !startedOn) found.startedOn = 'Start date must be a real date, like 1 4 2026';
    show(found, null);
    if (Object.keys(found).length) return;
    // mutateAsync, not mutate's callbacks: the saved name, lead or status remounts this form (its
    // key) before those callbacks would run, and they are dropped with it.
    update.mutateAsync({ id: p.id, name: values.name.trim(), lead: values.lead.trim(), description: values.description.trim(), status: values.status, startedOn }).then(
      (saved) => onDone(`${saved.name} saved.`),
      (error: Error) => {
        const mapped = fromServer(error, ['name', 'startedOn'] as const);
        show(mapped.fields, mapped.general);
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id="edit-project-name" label="Name" width={30} maxLength={200} value={values.name} error={errors.name} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} />
      <TextInput id="edit-project-lead" label="Lead" width={30} maxLength={200} value={values.lead} onChange={(e) => setValues((v) => ({ ...v, lead: e.target.value }))} />
      <Textarea id="edit-project-description" label="Description" rows={3} maxLength={20000} value={values.description} onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))} />
      <Select id="edit-project-status" label="Status" value={values.status} onChange={(s) => setValues((v) => ({ ...v, status: s as ProjectStatus }))}
        options={PROJECT_STATUSES.map((s) => ({ value: s, text: PROJECT_STATUS_LABELS[s] }))} />
      <DateInput id="edit-project-started" legend="Started (optional)" hint="For example, 1 4 2026." value={started} onChange={setStarted} error={errors.startedOn} />
      <Button disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save project'}</Button>
    </form>
  );
}

// ── A benefit: its status and a new reading ──────────────────────────────────────────────────────

function BenefitChange({ benefit: b, onDone, onErrorsChange, onClose }: { benefit: Benefit; onDone: (m: string) => void; onErrorsChange: (has: boolean) => void; onClose: () => void }) {
  const update = useUpdateBenefit();
  const addReading = useAddReading();
  const [status, setStatus] = useState<BenefitStatus>(b.status);
  const [target, setTarget] = useState(b.target);
  const [readingOn, setReadingOn] = useState<DateParts>(EMPTY_DATE);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'recordedOn' | 'value'>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, { recordedOn: dateInputId('reading-on'), value: 'reading-value' }, general);

  function show(found: FieldErrors<'recordedOn' | 'value'>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function saveStatus(event: FormEvent) {
    event.preventDefault();
    show({}, null);
    update.mutate({ id: b.id, status, target: target.trim() }, {
      onSuccess: () => onDone(`${b.description}: marked ${BENEFIT_STATUS_LABELS[status].toLowerCase()}.`),
      onError: (error) => show({}, error.message),
    });
  }

  function saveReading(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<'recordedOn' | 'value'> = {};
    const recordedOn = isoFromParts(readingOn);
    if (!recordedOn) found.recordedOn = 'Enter the date of the reading, like 30 6 2026';
    if (!value.trim()) found.value = 'Enter the reading';
    show(found, null);
    if (Object.keys(found).length || !recordedOn) return;
    addReading.mutate({ benefitId: b.id, recordedOn, value: value.trim(), note: note.trim() }, {
      onSuccess: () => onDone(`Reading of ${value.trim()} recorded for ${b.description}.`),
      onError: (error) => {
        const mapped = fromServer(error, ['recordedOn', 'value'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="benefit-change">
      <h2 id="benefit-change">Update: {b.description}</h2>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <form onSubmit={saveStatus} noValidate>
        <Select id="benefit-status" label="Status" value={status} onChange={(s) => setStatus(s as BenefitStatus)} options={BENEFIT_STATUSES.map((s) => ({ value: s, text: BENEFIT_STATUS_LABELS[s] }))} />
        <TextInput id="benefit-target" label="Target" width={20} maxLength={200} value={target} onChange={(e) => setTarget(e.target.value)} />
        <Button variant="secondary" disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save status'}</Button>
      </form>
      <form onSubmit={saveReading} noValidate>
        <h3>Record a reading{b.measure ? ` of ${b.measure.toLowerCase()}` : ''}</h3>
        <DateInput id="reading-on" legend="Date of the reading" hint="For example, 30 6 2026." value={readingOn} onChange={setReadingOn} error={errors.recordedOn} />
        <TextInput id="reading-value" label="Reading" width={10} maxLength={200} value={value} error={errors.value} onChange={(e) => setValue(e.target.value)} />
        <TextInput id="reading-note" label="Note (optional)" width={30} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        <ButtonGroup>
          <Button disabled={addReading.isPending}>{addReading.isPending ? 'Saving…' : 'Record reading'}</Button>
          <Button type="button" variant="secondary" onClick={onClose}>Close</Button>
        </ButtonGroup>
      </form>
      {b.readings.length > 0 && (
        <Table caption="Readings so far" captionSize="s">
          <TableHead>
            <HeaderCell>Date</HeaderCell>
            <HeaderCell>Reading</HeaderCell>
            <HeaderCell>Note</HeaderCell>
            <HeaderCell>By</HeaderCell>
          </TableHead>
          <TableBody>
            {b.readings.map((r) => (
              <TableRow key={r.id}>
                <Cell rowHeader>{formatShortDate(r.recordedOn)}</Cell>
                <Cell>{r.value}</Cell>
                <Cell>{r.note || '—'}</Cell>
                <Cell>{r.recordedBy}</Cell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

// ── A new benefit ───────────────────────────────────────────────────────────────────────────────

type BenefitField = 'horizon' | 'description' | 'dueOn';

function AddBenefit({ projectId, onDone, onErrorsChange }: { projectId: number; onDone: (m: string) => void; onErrorsChange: (has: boolean) => void }) {
  const add = useAddBenefit();
  const [values, setValues] = useState({ horizon: 'short' as BenefitHorizon, description: '', measure: '', baseline: '', target: '' });
  const [due, setDue] = useState<DateParts>(EMPTY_DATE);
  const [errors, setErrors] = useState<FieldErrors<BenefitField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, { horizon: 'benefit-horizon', description: 'benefit-description', dueOn: dateInputId('benefit-due') }, general);
  const set = (key: keyof typeof values) => (v: string) => setValues((x) => ({ ...x, [key]: v }));

  function show(found: FieldErrors<BenefitField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<BenefitField> = {};
    if (!values.description.trim()) found.description = 'Enter the benefit';
    const blank = !due.day.trim() && !due.month.trim() && !due.year.trim();
    const dueOn = blank ? null : isoFromParts(due);
    if (!blank && !dueOn) found.dueOn = 'Date must be a real date, like 31 3 2027';
    show(found, null);
    if (Object.keys(found).length) return;
    add.mutate({ projectId, horizon: values.horizon, description: values.description.trim(), measure: values.measure.trim(), baseline: values.baseline.trim(), target: values.target.trim(), dueOn, status: 'expected' }, {
      onSuccess: () => {
        onDone(`Benefit added: ${values.description.trim()}.`);
        setValues((v) => ({ ...v, description: '', measure: '', baseline: '', target: '' }));
        setDue(EMPTY_DATE);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['horizon', 'description', 'dueOn'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="add-benefit">
      <h2 id="add-benefit">Add a benefit</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id="benefit-horizon" label="Horizon" value={values.horizon} error={errors.horizon} onChange={set('horizon')}
          options={BENEFIT_HORIZONS.map((h) => ({ value: h, text: HORIZON_LABELS[h] }))} />
        <Textarea id="benefit-description" label="Benefit" hint="What the project should achieve, for example “Shorter waits for a hearing test”." rows={2} maxLength={1000}
          value={values.description} error={errors.description} onChange={(e) => set('description')(e.target.value)} />
        <TextInput id="benefit-measure" label="Measure (optional)" hint="How it is measured, for example “Median wait (weeks)”." width={30} maxLength={1000} value={values.measure} onChange={(e) => set('measure')(e.target.value)} />
        <TextInput id="benefit-baseline" label="Baseline (optional)" width={10} maxLength={200} value={values.baseline} onChange={(e) => set('baseline')(e.target.value)} />
        <TextInput id="benefit-target" label="Target (optional)" width={10} maxLength={200} value={values.target} onChange={(e) => set('target')(e.target.value)} />
        <DateInput id="benefit-due" legend="To be realised by (optional)" hint="For example, 31 3 2027." value={due} onChange={setDue} error={errors.dueOn} />
        <Button disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add benefit'}</Button>
      </form>
    </section>
  );
}
