/**
 * Recording a decision (ORG-6): the deciding body and meeting, the date, what was decided and the
 * outcome, the papers (titles with optional links), the function it exercises, what it is linked
 * to (a plan, a business case, a budget year) and the subjects it touches, which are matched
 * against declarations of interest.
 */
import { useState, type FormEvent } from 'react';
import {
  OUTCOMES, OUTCOME_LABELS, SUBJECT_KINDS, SUBJECT_KIND_LABELS, useBodies, useBody, useDelegation, useRecordDecision,
  type DecisionDetail, type Outcome, type SubjectKind,
} from '../api/governance.js';
import { ApiError } from '../api/client.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Fieldset } from '../nhsuk/Fieldset.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { dateProblem, fromServer, isoOrNull, summaryOf, type FieldErrors } from './shared.js';

type Field = 'bodyId' | 'meetingId' | 'decidedOn' | 'title' | 'text' | 'outcome' | 'functionCode' | 'planId' | 'businessCaseId' | 'budgetYear' | 'subjects' | 'papers';
const IDS: Record<Field, string> = {
  bodyId: 'decision-body', meetingId: 'decision-meeting', decidedOn: dateInputId('decision-date'), title: 'decision-title', text: 'decision-text',
  outcome: firstRadioId('decision-outcome'), functionCode: 'decision-function', planId: 'decision-plan', businessCaseId: 'decision-case', budgetYear: 'decision-year',
  subjects: 'decision-subject-1-kind', papers: 'decision-paper-1-title',
};

interface SubjectRow { kind: SubjectKind | ''; ref: string }
interface PaperRow { title: string; link: string }

const positiveId = (text: string) => (/^\d{1,9}$/.test(text.trim()) && Number(text) > 0 ? Number(text) : null);

export function DecisionForm({ group, initialBodyId, initialMeetingId, onDone, onErrorsChange }: {
  group: string;
  initialBodyId: number | null;
  initialMeetingId: number | null;
  onDone: (decision: DecisionDetail) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const bodies = useBodies(group);
  const delegation = useDelegation(group);
  const record = useRecordDecision();
  const [bodyId, setBodyId] = useState(initialBodyId ? String(initialBodyId) : '');
  const body = useBody(Number(bodyId) || 0, Boolean(bodyId));
  const [meetingId, setMeetingId] = useState(initialMeetingId ? String(initialMeetingId) : '');
  const [date, setDate] = useState<DateParts>(EMPTY_DATE);
  const [values, setValues] = useState({ title: '', text: '', functionCode: '', planId: '', businessCaseId: '', budgetYear: '' });
  const [outcome, setOutcome] = useState<Outcome>('approved');
  const [subjects, setSubjects] = useState<SubjectRow[]>([{ kind: '', ref: '' }]);
  const [papers, setPapers] = useState<PaperRow[]>([{ title: '', link: '' }]);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, IDS, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!bodyId) found.bodyId = 'Select the body that decided';
    const dateError = dateProblem(date, 'Date of the decision', 'Enter the date of the decision');
    if (dateError) found.decidedOn = dateError;
    if (!values.title.trim()) found.title = 'Enter what was decided';
    if (values.planId.trim() && positiveId(values.planId) === null) found.planId = 'Plan must be a plan number, like 3';
    if (values.businessCaseId.trim() && positiveId(values.businessCaseId) === null) found.businessCaseId = 'Business case must be a number, like 12';
    if (values.budgetYear.trim() && !/^\d{4}\/\d{2}$/.test(values.budgetYear.trim())) found.budgetYear = 'Budget year must be written like 2026/27';
    const chosenSubjects = subjects.filter((s) => s.kind || s.ref.trim());
    if (chosenSubjects.some((s) => !s.kind || !s.ref.trim())) found.subjects = 'Each subject needs its kind and its code, number or words';
    const chosenPapers = papers.filter((p) => p.title.trim() || p.link.trim());
    if (chosenPapers.some((p) => !p.title.trim())) found.papers = 'Each paper needs a title';
    else if (chosenPapers.some((p) => p.link.trim() && !/^(https?:\/\/\S+|\/\S+)$/i.test(p.link.trim()))) found.papers = 'A paper’s link must be a web address starting https://';
    show(found, null);
    const decidedOn = isoOrNull(date);
    if (Object.keys(found).length || !decidedOn) return;
    record.mutate({
      bodyId: Number(bodyId), meetingId: meetingId ? Number(meetingId) : null, decidedOn, title: values.title.trim(), text: values.text.trim(), outcome,
      papers: chosenPapers.map((p) => ({ title: p.title.trim(), link: p.link.trim() || null })),
      functionCode: values.functionCode || null, planId: positiveId(values.planId), businessCaseId: positiveId(values.businessCaseId),
      budgetYear: values.budgetYear.trim() || null, subjects: chosenSubjects.map((s) => ({ kind: s.kind as SubjectKind, ref: s.ref.trim() })),
    }, {
      onSuccess: (decision) => {
        show({}, null);
        onDone(decision);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['bodyId', 'meetingId', 'decidedOn', 'title', 'text', 'outcome', 'functionCode', 'planId', 'businessCaseId', 'budgetYear'] as const);
        // Problems with one subject or paper ("subjects.0.ref") go by the subjects or papers.
        const fields: FieldErrors<Field> = { ...mapped.fields };
        const unplaced: string[] = [];
        for (const d of error instanceof ApiError ? error.details : []) {
          const field = d.field?.replace(/^body\./, '') ?? '';
          const list = field.startsWith('subjects') ? 'subjects' : field.startsWith('papers') ? 'papers' : null;
          if (list) fields[list] ??= d.message;
          else if (!(field in mapped.fields)) unplaced.push(d.message);
        }
        const placed = Object.keys(fields).length > 0;
        show(fields, placed ? (unplaced.length ? unplaced.join(' ') : null) : mapped.general);
      },
    });
  }

  const meetings = body.data?.meetings ?? [];
  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={IDS.bodyId} label="Body that decided" value={bodyId} error={errors.bodyId} onChange={(v) => { setBodyId(v); setMeetingId(''); }}
        options={[{ value: '', text: 'Choose a body' }, ...(bodies.data ?? []).map((b) => ({ value: String(b.id), text: b.name }))]} />
      <Select id={IDS.meetingId} label="At the meeting (optional)" value={meetingId} error={errors.meetingId} onChange={setMeetingId} disabled={!bodyId}
        hint={bodyId ? undefined : 'Choose the body first'}
        options={[{ value: '', text: 'Not at a meeting' }, ...meetings.map((m) => ({ value: String(m.id), text: `${m.heldOn}: ${m.title}` }))]} />
      <DateInput id="decision-date" legend="Date of the decision" hint="For example, 14 5 2026" value={date} onChange={setDate} error={errors.decidedOn} />
      <TextInput id={IDS.title} label="What was decided" width={30} maxLength={300} autoComplete="off" value={values.title} error={errors.title} onChange={(e) => set('title')(e.target.value)} />
      <Textarea id={IDS.text} label="Detail (optional)" hint="The decision as minuted, and any conditions" rows={4} maxLength={20000} value={values.text} error={errors.text}
        onChange={(e) => set('text')(e.target.value)} />
      <Radios<Outcome> name="decision-outcome" legend="Outcome" legendSize="s" value={outcome} onChange={setOutcome} error={errors.outcome} inline small
        options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
      <Select id={IDS.functionCode} label="Function it exercises (optional)" value={values.functionCode} error={errors.functionCode} onChange={set('functionCode')}
        hint="Its delegation level says who approves"
        options={[{ value: '', text: 'None' }, ...(delegation.data?.functions ?? []).map((f) => ({ value: f.code, text: `${f.name} (${f.categoryLabel})` }))]} />

      <Fieldset legend="What it is linked to (optional)" legendSize="s">
        <TextInput id={IDS.planId} label="Commissioning plan number" width={5} inputMode="numeric" value={values.planId} error={errors.planId} onChange={(e) => set('planId')(e.target.value)} />
        <TextInput id={IDS.businessCaseId} label="Business case number" hint="The business case becomes one of the decision’s subjects" width={5} inputMode="numeric"
          value={values.businessCaseId} error={errors.businessCaseId} onChange={(e) => set('businessCaseId')(e.target.value)} />
        <TextInput id={IDS.budgetYear} label="Budget year" hint="For example, 2026/27" width={5} value={values.budgetYear} error={errors.budgetYear} onChange={(e) => set('budgetYear')(e.target.value)} />
      </Fieldset>

      <Fieldset legend="Subjects it touches (optional)" legendSize="s">
        <p className="nhsuk-hint">Declarations of interest in the same provider, practice, business case, project or topic will show on the decision.</p>
        {errors.subjects && <p className="nhsuk-error-message"><span className="nhsuk-u-visually-hidden">Error:</span> {errors.subjects}</p>}
        {subjects.map((s, i) => (
          <div key={i} className="app-inline-form">
            <Select id={`decision-subject-${i + 1}-kind`} label={`Subject ${i + 1}: kind`} value={s.kind}
              onChange={(v) => setSubjects((list) => list.map((x, j) => (j === i ? { ...x, kind: v as SubjectKind | '' } : x)))}
              options={[{ value: '', text: 'Choose one' }, ...SUBJECT_KINDS.map((k) => ({ value: k, text: SUBJECT_KIND_LABELS[k] }))]} />
            <TextInput id={`decision-subject-${i + 1}-ref`} label={`Subject ${i + 1}: code, number or words`} width={20} autoComplete="off" value={s.ref}
              onChange={(e) => setSubjects((list) => list.map((x, j) => (j === i ? { ...x, ref: e.target.value } : x)))} />
          </div>
        ))}
        <Button type="button" variant="secondary" small onClick={() => setSubjects((list) => [...list, { kind: '', ref: '' }])}>Add another subject</Button>
      </Fieldset>

      <Fieldset legend="Papers (optional)" legendSize="s">
        {errors.papers && <p className="nhsuk-error-message"><span className="nhsuk-u-visually-hidden">Error:</span> {errors.papers}</p>}
        {papers.map((p, i) => (
          <div key={i} className="app-inline-form">
            <TextInput id={`decision-paper-${i + 1}-title`} label={`Paper ${i + 1}: title`} width={30} autoComplete="off" value={p.title}
              onChange={(e) => setPapers((list) => list.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} />
            <TextInput id={`decision-paper-${i + 1}-link`} label={`Paper ${i + 1}: link (optional)`} width={30} autoComplete="off" spellCheck={false} value={p.link}
              onChange={(e) => setPapers((list) => list.map((x, j) => (j === i ? { ...x, link: e.target.value } : x)))} />
          </div>
        ))}
        <Button type="button" variant="secondary" small onClick={() => setPapers((list) => [...list, { title: '', link: '' }])}>Add another paper</Button>
      </Fieldset>

      <Button disabled={record.isPending}>{record.isPending ? 'Recording…' : 'Record decision'}</Button>
    </form>
  );
}
