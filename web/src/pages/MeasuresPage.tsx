/**
 * /insight/measures: the measures as versioned data definitions (issue 7 §8) — what each counts,
 * per what, which way is better and why, every version with the one in force marked — and, for
 * those who manage measures, a form to add a measure or a new version of one (checked on the
 * server field by field; a published version never changes).
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import {
  DIRECTIONS, EVENT_KINDS, EVENT_LABELS, measuresUrl, useAddMeasure, useMeasures, type Denominator, type Direction, type EventKind, type EventSelection, type Measure, type MeasureDefinition,
} from '../api/insight.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function MeasuresPage() {
  return (
    <RequirePermission permission="insight.view">
      <Measures />
    </RequirePermission>
  );
}
export default MeasuresPage;

const describeSelection = (s: EventSelection) => [
  EVENT_LABELS[s.events] ?? s.events,
  s.filters?.pointsOfDelivery?.length ? `at ${s.filters.pointsOfDelivery.join(', ')}` : '',
  s.filters?.specialties?.length ? `in treatment functions ${s.filters.specialties.join(', ')}` : '',
].filter(Boolean).join(' ');

const describeDenominator = (d: Denominator) => (d.kind === 'events'
  ? `per ${describeSelection(d).toLowerCase()}`
  : `per ${d.per.toLocaleString('en-GB')} ${d.kind === 'weighted_patients' ? 'weighted (capitation) patients' : 'registered patients'}`);

function Measures() {
  const me = useCurrentUser();
  const measures = useMeasures();
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Measures', formErrors);
  const codes = [...new Set((measures.data?.measures ?? []).map((m) => m.code))];
  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Measures</h1>
      <p className="nhsuk-lede-text">What the comparisons count, per what, which way is better and why. A change to a measure is a new version from a date; earlier versions are kept as they were.</p>
      {measures.isPending && <LoadingStatus>Loading the measures…</LoadingStatus>}
      {measures.isError && <ProblemMessage><p>The measures could not be loaded. {measures.error.message}</p></ProblemMessage>}
      {measures.data && codes.map((code) => {
        const versions = measures.data.measures.filter((m) => m.code === code);
        const current = versions.find((m) => m.inForce) ?? versions.at(-1)!;
        return (
          <section key={code} aria-labelledby={`measure-${code}`} className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h2 id={`measure-${code}`} className="nhsuk-card__heading">{current.name}</h2>
              <p>{current.rationale}</p>
              <SummaryList rows={[
                { key: 'Counts', value: describeSelection(current.numerator) },
                { key: 'Per', value: describeDenominator(current.denominator) },
                { key: 'Adjusted', value: current.standardisation === 'indirect_age_sex' ? 'Indirectly standardised for age and sex' : 'Not standardised (crude)' },
                { key: 'Which way is better', value: current.direction },
                { key: 'Code', value: code },
                { key: 'Versions', value: <VersionList versions={versions} /> },
              ]} />
            </div>
          </section>
        );
      })}
      {measures.data && <DownloadLinks href={(format) => measuresUrl(format)} what="the measures" />}
      {can(me, 'measure.manage') && measures.data && (
        <MeasureForm measures={measures.data.measures} onErrorsChange={setFormErrors}
          onDone={(m) => { setDone(`${m.name}: version ${m.version} added, in force from ${m.validFrom}.`); setFormErrors(false); }} />
      )}
    </>
  );
}

function VersionList({ versions }: { versions: Measure[] }) {
  return (
    <ul className="nhsuk-list">
      {versions.map((v) => (
        <li key={v.version}>
          Version {v.version}, from {v.validFrom} {v.inForce && <Tag colour="green">In force</Tag>}
          <span className="app-block app-secondary">{v.name}; added by {v.createdBy}</span>
        </li>
      ))}
    </ul>
  );
}

type DenominatorKind = Denominator['kind'];
interface FormState {
  base: string;
  code: string;
  name: string;
  events: EventKind;
  pods: string;
  specialties: string;
  denominatorKind: DenominatorKind;
  per: string;
  denominatorEvents: EventKind;
  denominatorPods: string;
  standardisation: 'none' | 'indirect_age_sex';
  direction: Direction;
  rationale: string;
  validFrom: string;
}

const list = (text: string) => text.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);

function fromMeasure(m: Measure | null): FormState {
  return {
    base: m?.code ?? '', code: m?.code ?? '', name: m?.name ?? '', events: m?.numerator.events ?? 'referrals',
    pods: m?.numerator.filters?.pointsOfDelivery?.join(', ') ?? '', specialties: m?.numerator.filters?.specialties?.join(', ') ?? '',
    denominatorKind: m?.denominator.kind ?? 'registered_patients', per: m && m.denominator.kind !== 'events' ? String(m.denominator.per) : '1000',
    denominatorEvents: m?.denominator.kind === 'events' ? m.denominator.events : 'first_outpatient',
    denominatorPods: m?.denominator.kind === 'events' ? m.denominator.filters?.pointsOfDelivery?.join(', ') ?? '' : '',
    standardisation: m?.standardisation ?? 'none', direction: m?.direction ?? 'no judgement', rationale: m?.rationale ?? '', validFrom: '',
  };
}

function toDefinition(s: FormState, version: number): MeasureDefinition {
  const filters = (pods: string, specialties = '') => {
    const f: NonNullable<EventSelection['filters']> = {};
    if (list(pods).length) f.pointsOfDelivery = list(pods);
    if (list(specialties).length) f.specialties = list(specialties);
    return Object.keys(f).length ? { filters: f } : {};
  };
  return {
    code: s.code.trim(), version, name: s.name.trim(),
    numerator: { events: s.events, ...filters(s.pods, s.specialties) },
    denominator: s.denominatorKind === 'events' ? { kind: 'events', events: s.denominatorEvents, ...filters(s.denominatorPods) } : { kind: s.denominatorKind, per: Number(s.per) },
    standardisation: s.standardisation, direction: s.direction, rationale: s.rationale.trim(), validFrom: s.validFrom.trim(),
  };
}

/** Server field names → the form's field ids (for the error summary links) and labels (so a message names the field as the form does). */
const FIELDS: [RegExp, string, string][] = [
  [/^code/, 'measure-code', 'Code'], [/^version/, 'measure-base', 'Version'], [/^name/, 'measure-name', 'Name'],
  [/^numerator\.events/, 'measure-events', 'What is counted'],
  [/^numerator\.filters\.pointsOfDelivery/, 'measure-pods', 'Points of delivery'], [/^numerator\.filters\.specialties/, 'measure-specialties', 'Treatment functions'],
  [/^denominator\.per/, 'measure-per', 'Per how many'], [/^denominator\.filters/, 'measure-denominator-pods', 'Points of delivery of the count per'],
  [/^denominator/, firstRadioId('measure-denominator'), 'Per what'], [/^standardisation/, firstRadioId('measure-standardisation'), 'Adjust for age and sex'],
  [/^direction/, firstRadioId('measure-direction'), 'Which way is better'], [/^rationale/, 'measure-rationale', 'Why it matters'], [/^validFrom/, 'measure-valid-from', 'In force from'],
];
const fieldOf = (field: string) => FIELDS.find(([pattern]) => pattern.test(field.replace(/^body\./, '')));

function MeasureForm({ measures, onDone, onErrorsChange }: { measures: Measure[]; onDone: (m: Measure) => void; onErrorsChange: (has: boolean) => void }) {
  const add = useAddMeasure();
  const latest = (code: string) => measures.filter((m) => m.code === code).at(-1) ?? null;
  const [state, setState] = useState<FormState>(fromMeasure(null));
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const set = <K extends keyof FormState>(key: K) => (value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.text ?? null;
  const version = state.base ? (latest(state.base)?.version ?? 0) + 1 : 1;

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(toDefinition(state, version), {
      onSuccess: (m) => { setErrors([]); onErrorsChange(false); setState(fromMeasure(null)); onDone(m); },
      onError: (error) => {
        const items = error instanceof ApiError && error.details.length
          ? error.details.map((d) => {
            const known = fieldOf(d.field ?? '');
            return known ? { fieldId: known[1], text: `${known[2]} ${d.message}` } : { fieldId: 'measure-code', text: `${d.field ?? 'The measure'} ${d.message}` };
          })
          : [{ text: error.message }];
        setErrors(items);
        onErrorsChange(true);
      },
    });
  }

  return (
    <section aria-labelledby="add-measure-heading">
      <h2 id="add-measure-heading">Add a measure or a new version</h2>
      {errors.length > 0 && <ErrorSummary errors={errors} />}
      <form onSubmit={submit} noValidate>
        <Select id="measure-base" label="Start from" value={state.base} error={errorFor('measure-base')}
          hint={state.base ? `This will be version ${version} of ${state.base}.` : 'A new measure starts at version 1.'}
          onChange={(code) => setState(code ? { ...fromMeasure(latest(code)), base: code } : fromMeasure(null))}
          options={[{ value: '', text: 'A new measure' }, ...[...new Set(measures.map((m) => m.code))].map((c) => ({ value: c, text: `New version of ${latest(c)!.name}` }))]} />
        {!state.base && <TextInput id="measure-code" label="Code" hint="Lower-case letters, digits and underscores, e.g. day_cases_per_1000" value={state.code} error={errorFor('measure-code')} onChange={(e) => set('code')(e.target.value)} />}
        <TextInput id="measure-name" label="Name" value={state.name} error={errorFor('measure-name')} onChange={(e) => set('name')(e.target.value)} />
        <Select id="measure-events" label="What is counted" value={state.events} error={errorFor('measure-events')} onChange={(v) => set('events')(v as EventKind)}
          options={EVENT_KINDS.map((k) => ({ value: k, text: EVENT_LABELS[k] }))} />
        <TextInput id="measure-pods" label="Points of delivery (optional)" hint="Comma-separated, e.g. OPFA, OPFU. Ignored for referrals." value={state.pods} error={errorFor('measure-pods')} onChange={(e) => set('pods')(e.target.value)} />
        <TextInput id="measure-specialties" label="Treatment functions (optional)" hint="Comma-separated 3-digit codes, e.g. 110, 130" value={state.specialties} error={errorFor('measure-specialties')} onChange={(e) => set('specialties')(e.target.value)} />
        <Radios name="measure-denominator" legend="Per what" legendSize="s" value={state.denominatorKind} error={errorFor(firstRadioId('measure-denominator'))} onChange={set('denominatorKind')}
          options={[
            { value: 'registered_patients', label: 'Registered patients', conditional: <TextInput id="measure-per" label="Per how many" width={5} inputMode="numeric" value={state.per} error={errorFor('measure-per')} onChange={(e) => set('per')(e.target.value)} /> },
            { value: 'weighted_patients', label: 'Weighted (capitation) patients', conditional: <TextInput id="measure-per-weighted" label="Per how many" width={5} inputMode="numeric" value={state.per} onChange={(e) => set('per')(e.target.value)} /> },
            { value: 'events', label: 'Another count', conditional: (
              <>
                <Select id="measure-denominator-events" label="Counted" value={state.denominatorEvents} onChange={(v) => set('denominatorEvents')(v as EventKind)} options={EVENT_KINDS.map((k) => ({ value: k, text: EVENT_LABELS[k] }))} />
                <TextInput id="measure-denominator-pods" label="Points of delivery (optional)" value={state.denominatorPods} error={errorFor('measure-denominator-pods')} onChange={(e) => set('denominatorPods')(e.target.value)} />
              </>
            ) },
          ]} />
        <Radios name="measure-standardisation" legend="Adjust for age and sex" legendSize="s" value={state.standardisation} error={errorFor(firstRadioId('measure-standardisation'))} onChange={set('standardisation')}
          options={[{ value: 'indirect_age_sex', label: 'Yes: indirect age/sex standardisation', hint: 'Needs registered patients as the denominator.' }, { value: 'none', label: 'No: crude rate' }]} />
        <Radios name="measure-direction" legend="Which way is better" legendSize="s" value={state.direction} error={errorFor(firstRadioId('measure-direction'))} onChange={set('direction')}
          options={DIRECTIONS.map((d) => ({ value: d, label: d.charAt(0).toUpperCase() + d.slice(1) }))} />
        <Textarea id="measure-rationale" label="Why it matters" hint="A sentence or two a practice can read." value={state.rationale} error={errorFor('measure-rationale')} onChange={(e) => set('rationale')(e.target.value)} />
        <TextInput id="measure-valid-from" label="In force from" hint="A date written like 2026-04-01" width={10} value={state.validFrom} error={errorFor('measure-valid-from')} onChange={(e) => set('validFrom')(e.target.value)} />
        <Button disabled={add.isPending}>{state.base ? `Add version ${version}` : 'Add the measure'}</Button>
      </form>
    </section>
  );
}
