/**
 * Add (or change) one A&E attendance on an audit sheet: the patient's NHS number, their age (a date
 * of birth, from which only the age band is kept, or the band), sex, when they attended, why, could
 * primary care have seen them, the outcome and notes. Checked as the user submits, with an error
 * summary at the top and each message by its field; the server's own checks come back the same way.
 */
import { useState, type FormEvent } from 'react';
import type { AeAuditChoices, AeAuditEntry, AeEntryInput, AeOutcome, CouldSee, Sex } from '../api/ae-audits.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { isoFromParts, longDate, nhsNumberProblem, partsFromIso, timeFrom } from './rules.js';

type Field = 'nhsNumber' | 'ageMode' | 'dateOfBirth' | 'ageBand' | 'sex' | 'attendedAt' | 'attendedTime' | 'reason' | 'primaryCareCouldSee' | 'outcome' | 'notes';
const IDS: Record<Field, string> = {
  nhsNumber: 'ae-nhs-number',
  ageMode: firstRadioId('ae-age-mode'),
  dateOfBirth: dateInputId('ae-dob'),
  ageBand: 'ae-age-band',
  sex: firstRadioId('ae-sex'),
  attendedAt: dateInputId('ae-attended'),
  attendedTime: 'ae-attended-time',
  reason: 'ae-reason',
  primaryCareCouldSee: firstRadioId('ae-could-see'),
  outcome: firstRadioId('ae-outcome'),
  notes: 'ae-notes',
};
const SERVER_FIELDS = ['nhsNumber', 'dateOfBirth', 'ageBand', 'sex', 'attendedAt', 'reason', 'primaryCareCouldSee', 'outcome', 'notes'] as const;

interface Values {
  nhsNumber: string;
  ageMode: 'dob' | 'band' | null;
  dateOfBirth: DateParts;
  ageBand: string;
  sex: Sex | null;
  attendedOn: DateParts;
  attendedTime: string;
  reason: string;
  couldSee: CouldSee | null;
  outcome: AeOutcome | null;
  notes: string;
}

const blank: Values = {
  nhsNumber: '', ageMode: null, dateOfBirth: EMPTY_DATE, ageBand: '', sex: null, attendedOn: EMPTY_DATE, attendedTime: '', reason: '', couldSee: null, outcome: null, notes: '',
};

const fromEntry = (e: AeAuditEntry): Values => ({
  nhsNumber: e.reidentified ? e.patient : '', ageMode: 'band', dateOfBirth: EMPTY_DATE, ageBand: e.ageBand, sex: e.sex,
  attendedOn: partsFromIso(e.attendedAt.slice(0, 10)), attendedTime: e.attendedAt.slice(11, 16), reason: e.reason, couldSee: e.primaryCareCouldSee,
  outcome: e.outcome, notes: e.notes,
});

export function EntryForm({ period, choices, entry, pending, onSave, onCancel, onErrorsChange }: {
  period: { start: string; end: string };
  choices: AeAuditChoices;
  /** the entry being changed; without it the form adds one */
  entry?: AeAuditEntry;
  pending: boolean;
  /** sends the entry; resolves when saved, rejects with the server's error */
  onSave: (input: AeEntryInput) => Promise<unknown>;
  onCancel?: () => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const [values, setValues] = useState<Values>(entry ? fromEntry(entry) : blank);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, IDS, general);
  const set = <K extends keyof Values>(key: K) => (value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const periodText = `${longDate(period.start)} to ${longDate(period.end)}`;

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function check(): { found: FieldErrors<Field>; input: AeEntryInput | null } {
    const found: FieldErrors<Field> = {};
    const nhs = nhsNumberProblem(values.nhsNumber);
    if (nhs) found.nhsNumber = nhs;
    const attendedOn = isoFromParts(values.attendedOn);
    if (!attendedOn) found.attendedAt = 'Date of attendance must be a real date';
    else if (attendedOn < period.start || attendedOn > period.end) found.attendedAt = `Date of attendance must be within the audit period, ${periodText}`;
    const time = timeFrom(values.attendedTime);
    if (!values.attendedTime.trim()) found.attendedTime = 'Enter the time of attendance';
    else if (!time) found.attendedTime = 'Time of attendance must be on the 24-hour clock, like 09:30 or 19:45';
    let dateOfBirth: string | null = null;
    if (!values.ageMode) found.ageMode = 'Select whether you know the patient’s date of birth or their age band';
    else if (values.ageMode === 'dob') {
      dateOfBirth = isoFromParts(values.dateOfBirth);
      if (!dateOfBirth) found.dateOfBirth = 'Date of birth must be a real date';
      else if (attendedOn && dateOfBirth > attendedOn) found.dateOfBirth = 'Date of birth must be on or before the date of attendance';
    } else if (!values.ageBand) found.ageBand = 'Select the patient’s age band';
    if (!values.sex) found.sex = 'Select the patient’s sex';
    if (!values.reason.trim()) found.reason = 'Enter the reason for the attendance';
    if (!values.couldSee) found.primaryCareCouldSee = 'Select whether primary care could have seen the patient';
    if (!values.outcome) found.outcome = 'Select the outcome of the attendance';
    if (Object.keys(found).length || !attendedOn || !time || !values.sex || !values.couldSee || !values.outcome) return { found, input: null };
    return {
      found,
      input: {
        nhsNumber: values.nhsNumber.replace(/[\s-]/g, ''), dateOfBirth, ageBand: values.ageMode === 'band' ? values.ageBand : null, sex: values.sex,
        attendedAt: `${attendedOn}T${time}`, reason: values.reason.trim(), primaryCareCouldSee: values.couldSee, outcome: values.outcome, notes: values.notes.trim(),
      },
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { found, input } = check();
    show(found, null);
    if (!input) return;
    onSave(input).then(
      () => {
        if (!entry) setValues((v) => ({ ...blank, attendedOn: v.attendedOn }));
        show({}, null);
      },
      (error: unknown) => {
        const mapped = fromServer(error, SERVER_FIELDS);
        show(mapped.fields, mapped.general);
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id={IDS.nhsNumber} label="NHS number" hint="10 digits, like 943 476 5919. It is kept only as a pseudonym." width={10} inputMode="numeric"
        autoComplete="off" value={values.nhsNumber} error={errors.nhsNumber} onChange={(e) => set('nhsNumber')(e.target.value)} />
      <Radios<'dob' | 'band'> name="ae-age-mode" legend="Age" legendSize="s" value={values.ageMode} onChange={set('ageMode')} error={errors.ageMode}
        hint="Only the five-year age band is kept."
        options={[
          {
            value: 'dob', label: 'Enter the date of birth',
            conditional: <DateInput id="ae-dob" legend="Date of birth" hint="For example, 17 5 1980" value={values.dateOfBirth} onChange={set('dateOfBirth')} error={errors.dateOfBirth} />,
          },
          {
            value: 'band', label: 'Choose the age band',
            conditional: <Select id={IDS.ageBand} label="Age band" value={values.ageBand} onChange={set('ageBand')} error={errors.ageBand}
              options={[{ value: '', text: 'Choose an age band' }, ...choices.ageBands.map((b) => ({ value: b, text: b }))]} />,
          },
        ]} />
      <Radios<Sex> name="ae-sex" legend="Sex" legendSize="s" inline value={values.sex} onChange={set('sex')} error={errors.sex}
        options={choices.sexes.map((s) => ({ value: s.value, label: s.label }))} />
      <DateInput id="ae-attended" legend="Date of attendance" hint={`Within the audit period, ${periodText}.`} value={values.attendedOn}
        onChange={set('attendedOn')} error={errors.attendedAt} />
      <TextInput id={IDS.attendedTime} label="Time of attendance" hint={`24-hour clock, like 19:45. ${choices.inHoursRule}`} width={5} inputMode="numeric"
        autoComplete="off" value={values.attendedTime} error={errors.attendedTime} onChange={(e) => set('attendedTime')(e.target.value)} />
      <TextInput id={IDS.reason} label="Reason for attending" hint="Choose a common reason or write your own. Do not include names." width={30} maxLength={500}
        list="ae-reasons" autoComplete="off" value={values.reason} error={errors.reason} onChange={(e) => set('reason')(e.target.value)} />
      <datalist id="ae-reasons">{choices.reasons.map((r) => <option key={r} value={r} />)}</datalist>
      <Radios<CouldSee> name="ae-could-see" legend="Could primary care have seen them?" legendSize="s" inline value={values.couldSee}
        hint="The practice, or another primary care service such as a pharmacy or the out-of-hours GP." onChange={set('couldSee')} error={errors.primaryCareCouldSee}
        options={choices.couldSee.map((c) => ({ value: c.value, label: c.label }))} />
      <Radios<AeOutcome> name="ae-outcome" legend="Outcome" legendSize="s" small value={values.outcome} onChange={set('outcome')} error={errors.outcome}
        options={choices.outcomes.map((o) => ({ value: o.value, label: o.label }))} />
      <Textarea id={IDS.notes} label="Notes (optional)" rows={3} maxLength={2000} value={values.notes} error={errors.notes}
        onChange={(e) => set('notes')(e.target.value)} />
      <ButtonGroup>
        <Button disabled={pending}>{pending ? 'Saving…' : entry ? 'Save changes' : 'Add attendance'}</Button>
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
      </ButtonGroup>
    </form>
  );
}
