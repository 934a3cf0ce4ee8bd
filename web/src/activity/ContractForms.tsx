/**
 * The contract forms: create a contract, add (or replace) a line, record a variation, and upload
 * the lines from a CSV file. Each checks what it can before sending, shows an NHS.UK error summary
 * linking to each field with its message beside the field, and maps the server's problems
 * (`details[].field`, e.g. `lines.2.tfc`) onto the same fields. Money is typed in pounds and sent
 * in pence.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.js';
import {
  PODS, POD_LABELS, inputOf, uploadContractLines, useAddVariation, useCreateContract, useUpdateContract,
  type ContractView, type LinesImportReport, type Phasing, type Pod,
} from '../api/activity.js';
import type { Provider } from '../api/types.js';
import { formatDate } from '../format/dates.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { ImportFailed } from '../imports/ImportOutcome.js';
import { ImportProblems } from '../imports/ImportProblems.js';
import { UploadProgress } from '../imports/UploadProgress.js';
import { useUpload } from '../imports/useImportUpload.js';
import { Button } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorMessage } from '../nhsuk/ErrorMessage.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { parsePoundsInput } from './money.js';
import { MONTH_LABELS, financialYearOptions, yearBounds } from './years.js';

type Errors<K extends string> = Partial<Record<K, string>>;

/** The summary's items: one per field in error (linking to it), then anything not about a field. */
function summaryOf<K extends string>(errors: Errors<K>, ids: Record<K, string>, general: string | null): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = (Object.keys(ids) as K[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: ids[k] }));
  return general ? [...items, { text: general }] : items;
}

/**
 * The server's problems as field errors: `field` (without `body.`) is mapped by `fieldOf`; the
 * message (a predicate such as "must be …") is put after the field's label. Anything else is general.
 */
function fromServer<K extends string>(error: unknown, fieldOf: (path: string) => K | null, labels: Record<K, string>): { fields: Errors<K>; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: error instanceof Error ? error.message : 'Something went wrong.' };
  const fields: Errors<K> = {};
  const unplaced: string[] = [];
  for (const d of error.details) {
    const key = d.field ? fieldOf(d.field.replace(/^body\./, '')) : null;
    if (key && !fields[key]) fields[key] = `${labels[key]} ${d.message}`;
    else if (!key) unplaced.push(d.message);
  }
  const placed = Object.keys(fields).length > 0;
  return { fields, general: placed && unplaced.length === 0 ? null : [error.message, ...unplaced].join(' ') };
}

// ---------------------------------------------------------------------------------------------
// Create a contract

type CreateField = 'provider' | 'year' | 'reference' | 'phasing' | 'profile';
const CREATE_IDS: Record<CreateField, string> = {
  provider: 'contract-provider', year: 'contract-year', reference: 'contract-reference', phasing: firstRadioId('contract-phasing'), profile: 'contract-profile-1',
};
const CREATE_LABELS: Record<CreateField, string> = { provider: 'Provider', year: 'Financial year', reference: 'Reference', phasing: 'Phasing', profile: 'Phasing profile' };

export function CreateContractForm({ providers, year, onCreated, onErrorsChange }: {
  providers: Provider[];
  year: string;
  onCreated: (contract: ContractView) => void;
  /** tells the page (for its title) whether the form shows errors */
  onErrorsChange?: (hasErrors: boolean) => void;
}) {
  const create = useCreateContract();
  const [values, setValues] = useState({ provider: '', year, reference: '', phasing: 'even' as Phasing, weights: Array.from({ length: 12 }, () => ''), c2c: false });
  const [errors, setErrors] = useState<Errors<CreateField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, CREATE_IDS, general);
  useEffect(() => onErrorsChange?.(summary.length > 0), [summary.length, onErrorsChange]);

  function validate(): { errors: Errors<CreateField>; profile: number[] | null } {
    const found: Errors<CreateField> = {};
    if (!values.provider) found.provider = 'Select the provider';
    if (!values.reference.trim()) found.reference = 'Enter the contract reference';
    else if (values.reference.trim().length > 60) found.reference = 'Reference must be 60 characters or fewer';
    let profile: number[] | null = null;
    if (values.phasing === 'profile') {
      const weights = values.weights.map((w) => (/^\d{1,7}(\.\d{1,6})?$/.test(w.trim()) ? Number(w.trim()) : NaN));
      if (weights.some((w) => Number.isNaN(w))) found.profile = 'Enter a weight of 0 or more for every month, like 8 or 8.5';
      else if (weights.every((w) => w === 0)) found.profile = 'Give at least one month a weight above 0';
      else profile = weights;
    }
    return { errors: found, profile };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { errors: found, profile } = validate();
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    create.mutate({
      providerCode: values.provider, year: values.year, reference: values.reference.trim(), phasing: values.phasing, profile,
      c2cAllowed: values.c2c, lines: [], followUpCaps: [], kpis: [],
    }, {
      onSuccess: onCreated,
      onError: (error) => {
        const mapped = fromServer<CreateField>(error, (f) => (f === 'providerCode' ? 'provider' : f === 'year' ? 'year' : f === 'reference' ? 'reference' : f.startsWith('profile') ? 'profile' : null), CREATE_LABELS);
        if (error instanceof ApiError && error.status === 409) {
          setErrors({ provider: error.message });
          setGeneral(null);
          return;
        }
        setErrors(mapped.fields);
        setGeneral(mapped.general);
      },
    });
  }

  const setWeight = (i: number, w: string) => setValues((v) => ({ ...v, weights: v.weights.map((x, j) => (j === i ? w : x)) }));
  const years = financialYearOptions();
  if (!years.includes(year)) years.push(year);

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={CREATE_IDS.provider} label="Provider" value={values.provider} error={errors.provider} onChange={(provider) => setValues((v) => ({ ...v, provider }))}
        options={[{ value: '', text: 'Choose a provider' }, ...providers.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} />
      <Select id={CREATE_IDS.year} label="Financial year" value={values.year} error={errors.year} onChange={(y) => setValues((v) => ({ ...v, year: y }))}
        options={years.map((y) => ({ value: y, text: y }))} />
      <TextInput id={CREATE_IDS.reference} label="Reference" hint="The contract’s own reference, for example RWG-2025-26" width={20} maxLength={60} autoComplete="off"
        value={values.reference} error={errors.reference} onChange={(e) => setValues((v) => ({ ...v, reference: e.target.value }))} />
      <Radios<Phasing>
        name="contract-phasing"
        legend="How is the plan spread over the year?"
        legendSize="s"
        value={values.phasing}
        onChange={(phasing) => setValues((v) => ({ ...v, phasing }))}
        options={[
          { value: 'even', label: 'Evenly', hint: 'The same each month (to the penny, the odd pence going to the earliest months).' },
          {
            value: 'profile', label: 'By a profile', hint: 'A weight for each month: percentages or any numbers, only their proportions count.',
            conditional: <ProfileInputs weights={values.weights} error={errors.profile} onChange={setWeight} />,
          },
        ]}
      />
      <Checkbox id="contract-c2c" label="Consultant-to-consultant first attendances are payable" checked={values.c2c} onChange={(c2c) => setValues((v) => ({ ...v, c2c }))}
        hint="If not, those attendances are challenged." />
      <Button disabled={create.isPending}>Create contract</Button>
    </form>
  );
}

function ProfileInputs({ weights, error, onChange }: { weights: string[]; error?: string; onChange: (index: number, value: string) => void }) {
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error ? 'contract-profile-error' : undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Weight for each month</legend>
        {error && <ErrorMessage id="contract-profile-error">{error}</ErrorMessage>}
        <div className="app-inline-form">
          {MONTH_LABELS.map((month, i) => (
            <TextInput key={month} id={`contract-profile-${i + 1}`} label={month} width={4} inputMode="decimal" autoComplete="off" spellCheck={false}
              value={weights[i] ?? ''} onChange={(e) => onChange(i, e.target.value)} aria-invalid={error ? true : undefined}
              className={error ? 'nhsuk-input--error' : undefined} />
          ))}
        </div>
      </fieldset>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Add or replace a line

type LineField = 'pod' | 'tfc' | 'volume' | 'value';
const LINE_IDS: Record<LineField, string> = { pod: 'line-pod', tfc: 'line-tfc', volume: 'line-volume', value: 'line-value' };
const LINE_LABELS: Record<LineField, string> = { pod: 'Point of delivery', tfc: 'Specialty', volume: 'Planned volume', value: 'Planned value' };

export function AddLineForm({ contract }: { contract: ContractView }) {
  const update = useUpdateContract();
  const empty = { pod: '', tfc: '', volume: '', value: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Errors<LineField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const summary = summaryOf(errors, LINE_IDS, general);
  const set = (key: LineField) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const found: Errors<LineField> = {};
    if (!values.pod) found.pod = 'Select the point of delivery';
    const tfc = values.tfc.trim();
    if (tfc && !/^\d{3}$/.test(tfc)) found.tfc = 'Enter a 3-digit treatment function code, like 110, or leave it blank for all specialties';
    const volume = values.volume.trim().replace(/,/g, '');
    if (!/^\d{1,9}$/.test(volume)) found.volume = 'Enter the planned volume as a whole number, like 1200';
    const pence = parsePoundsInput(values.value);
    if (pence === null) found.value = 'Enter the planned value in pounds, like 120000.00';
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    const pod = values.pod as Pod;
    const input = inputOf(contract);
    const replacing = input.lines.some((l) => l.pod === pod && l.tfc === tfc);
    input.lines = [...input.lines.filter((l) => !(l.pod === pod && l.tfc === tfc)), { pod, tfc, plannedVolume: Number(volume), plannedValuePence: pence! }];
    update.mutate({ id: contract.id, input }, {
      onSuccess: () => {
        setSaved(`${replacing ? 'Line replaced' : 'Line added'}: ${POD_LABELS[pod]}, ${tfc ? `specialty ${tfc}` : 'all specialties'}, ${formatCount(Number(volume))} at ${formatPence(pence!)}`);
        setValues(empty);
      },
      onError: (error) => {
        const mapped = fromServer<LineField>(error, (f) => {
          const m = /^lines\.\d+\.(pod|tfc|plannedVolume|plannedValuePence)$/.exec(f);
          if (!m) return null;
          return m[1] === 'plannedVolume' ? 'volume' : m[1] === 'plannedValuePence' ? 'value' : (m[1] as 'pod' | 'tfc');
        }, LINE_LABELS);
        setErrors(mapped.fields);
        setGeneral(mapped.general);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {saved && <NotificationBanner success heading={saved} />}
      <Select id={LINE_IDS.pod} label="Point of delivery" value={values.pod} error={errors.pod} onChange={set('pod')}
        options={[{ value: '', text: 'Choose a point of delivery' }, ...PODS.map((p) => ({ value: p, text: POD_LABELS[p] }))]} />
      <TextInput id={LINE_IDS.tfc} label="Specialty (treatment function code)" hint="3 digits, like 110. Leave blank for every specialty not planned on its own line."
        width={4} inputMode="numeric" autoComplete="off" spellCheck={false} value={values.tfc} error={errors.tfc} onChange={(e) => set('tfc')(e.target.value)} />
      <TextInput id={LINE_IDS.volume} label="Planned volume for the year" hint="Attendances or admissions, like 1200" width={10} inputMode="numeric" autoComplete="off"
        value={values.volume} error={errors.volume} onChange={(e) => set('volume')(e.target.value)} />
      <TextInput id={LINE_IDS.value} label="Planned value for the year, in pounds" hint="Like 120000.00" width={10} inputMode="decimal" autoComplete="off"
        value={values.value} error={errors.value} onChange={(e) => set('value')(e.target.value)} />
      <p className="nhsuk-body-s">A line for a point of delivery and specialty already planned replaces it.</p>
      <Button disabled={update.isPending}>Save line</Button>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Record a variation

type VariationField = 'date' | 'reason' | 'direction' | 'amount';
const VARIATION_IDS: Record<VariationField, string> = {
  date: dateInputId('variation-date'), reason: 'variation-reason', direction: firstRadioId('variation-direction'), amount: 'variation-amount',
};
const VARIATION_LABELS: Record<VariationField, string> = { date: 'The date it takes effect', reason: 'The reason', direction: 'Increase or decrease', amount: 'The amount' };

/** DateParts → ISO date, or null when they are not a real date. */
function isoOf(parts: DateParts): string | null {
  const [d, m, y] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

export function AddVariationForm({ contract }: { contract: ContractView }) {
  const add = useAddVariation();
  const [date, setDate] = useState<DateParts>(EMPTY_DATE);
  const [reason, setReason] = useState('');
  const [direction, setDirection] = useState<'increase' | 'decrease' | null>(null);
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<Errors<VariationField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const summary = summaryOf(errors, VARIATION_IDS, general);
  const bounds = yearBounds(contract.year);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const found: Errors<VariationField> = {};
    const iso = isoOf(date);
    if (!date.day && !date.month && !date.year) found.date = 'Enter the date the variation takes effect';
    else if (!iso) found.date = 'The date the variation takes effect must be a real date, like 1 10 2025';
    else if (iso < bounds.from || iso > bounds.to) found.date = `The date must be in the contract’s year, between 1 April ${bounds.from.slice(0, 4)} and 31 March ${bounds.to.slice(0, 4)}`;
    if (!reason.trim()) found.reason = 'Enter the reason for the variation';
    else if (reason.trim().length > 500) found.reason = 'The reason must be 500 characters or fewer';
    if (!direction) found.direction = 'Select whether the variation increases or decreases the plan';
    const pence = parsePoundsInput(amount);
    if (pence === null || pence === 0) found.amount = 'Enter the amount in pounds, more than 0, like 25000.00';
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    const valueChangePence = direction === 'decrease' ? -pence! : pence!;
    add.mutate({ id: contract.id, input: { effectiveFrom: iso!, reason: reason.trim(), valueChangePence } }, {
      onSuccess: () => {
        setSaved(`Variation recorded: ${direction === 'decrease' ? 'less' : 'an extra'} ${formatPence(pence!)} a year from ${formatDate(iso)}`);
        setDate(EMPTY_DATE);
        setReason('');
        setDirection(null);
        setAmount('');
      },
      onError: (error) => {
        const mapped = fromServer<VariationField>(error, (f) => (f === 'effectiveFrom' ? 'date' : f === 'reason' ? 'reason' : f === 'valueChangePence' ? 'amount' : null), VARIATION_LABELS);
        setErrors(mapped.fields);
        setGeneral(mapped.general);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {saved && <NotificationBanner success heading={saved} />}
      <DateInput id="variation-date" legend="When does it take effect?" hint={`The plan changes from this month to March. For example, 1 10 ${bounds.from.slice(0, 4)}`}
        value={date} onChange={setDate} error={errors.date} />
      <Textarea id={VARIATION_IDS.reason} label="Reason" hint="For example, extra capacity agreed for hip replacements" rows={3} maxLength={500}
        value={reason} error={errors.reason} onChange={(e) => setReason(e.target.value)} />
      <Radios<'increase' | 'decrease'>
        name="variation-direction"
        legend="Does it increase or decrease the plan?"
        legendSize="s"
        inline
        value={direction}
        error={errors.direction}
        onChange={setDirection}
        options={[{ value: 'increase', label: 'Increase' }, { value: 'decrease', label: 'Decrease' }]}
      />
      <TextInput id={VARIATION_IDS.amount} label="Change to the year’s planned value, in pounds" hint="Like 25000.00" width={10} inputMode="decimal" autoComplete="off"
        value={amount} error={errors.amount} onChange={(e) => setAmount(e.target.value)} />
      <Button disabled={add.isPending}>Record variation</Button>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Upload the lines from CSV

const LINES_FILE_FIELD = 'contract-lines-file';
const MAX_LINES_BYTES = 5 * 1024 * 1024;
const afterLinesUpload = (client: QueryClient) => client.invalidateQueries({ queryKey: ['contracts'] }).then(() => client.invalidateQueries({ queryKey: ['activity', 'monitoring'] }));

export function UploadLinesForm({ contract }: { contract: ContractView }) {
  const upload = useUpload<LinesImportReport, string>(uploadContractLines, afterLinesUpload);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { state } = upload;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (upload.busy) return;
    let problem: string | null = null;
    if (!file) problem = 'Choose a CSV file to upload';
    else if (!/\.csv$/i.test(file.name)) problem = 'The selected file must be a CSV file';
    else if (file.size === 0) problem = 'The selected file is empty';
    else if (file.size > MAX_LINES_BYTES) problem = 'The selected file must be smaller than 5 MB';
    setFileError(problem);
    if (problem || !file) {
      upload.reset();
      return;
    }
    upload.start(String(contract.id), file);
  }

  const succeeded = state.phase === 'succeeded';
  useEffect(() => {
    if (!succeeded) return;
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  }, [succeeded]);

  const problems = state.phase === 'failed' ? (state.report?.errors ?? state.error.details) : [];
  return (
    <form onSubmit={submit} noValidate>
      {fileError && <ErrorSummary errors={[{ text: fileError, fieldId: LINES_FILE_FIELD }]} />}
      {!fileError && state.phase === 'failed' && <ImportFailed state={state} />}
      {state.phase === 'succeeded' && (
        <NotificationBanner success heading={`${state.fileName} was imported`}>
          <p>
            The contract now has {plural(state.report.lines, 'line')} ({formatCount(state.report.replaced)} replaced): {formatCount(state.report.plannedVolume)} planned
            at {formatPence(state.report.plannedValuePence)}.
          </p>
          {state.report.warnings.map((w) => <p key={w}>{w}</p>)}
        </NotificationBanner>
      )}
      <p>
        A UTF-8 CSV file with the columns <code className="nhsuk-code app-code">provider_code</code>, <code className="nhsuk-code app-code">year</code>,{' '}
        <code className="nhsuk-code app-code">pod</code>, <code className="nhsuk-code app-code">tfc</code> (blank for all specialties),{' '}
        <code className="nhsuk-code app-code">planned_volume</code> and <code className="nhsuk-code app-code">planned_value</code> (pounds, like 1234.50).
        Every row must be for {contract.providerCode} in {contract.year}. Its lines replace all the contract’s lines; one bad row and nothing is stored.
      </p>
      <FileUpload id={LINES_FILE_FIELD} label="Choose a CSV file" labelSize="s" hint="Up to 5 MB." accept=".csv,text/csv" error={fileError}
        onChange={setFile} inputRef={fileInput} disabled={upload.busy} />
      <Button disabled={upload.busy}>Upload lines</Button>
      <UploadProgress state={state} onCancel={upload.cancel} />
      {state.phase === 'failed' && problems.length > 0 && (
        <ImportProblems fileName={state.fileName} problems={problems} total={state.report?.errorCount ?? problems.length} />
      )}
    </form>
  );
}
