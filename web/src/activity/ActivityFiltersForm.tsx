/** The activity filters: year, provider, practice, point of delivery, specialty, and what the table groups by. */
import { useState, type FormEvent } from 'react';
import { PODS, POD_LABELS } from '../api/activity.js';
import type { Practice, Provider } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { specialtyOptions } from '../referrals/labels.js';
import { financialYearOptions } from './years.js';

export interface FilterFormValues { year: string; provider: string; practice: string; pod: string; tfc: string; by: string }

export const BY_OPTIONS: { value: string; text: string }[] = [
  { value: 'provider', text: 'Provider' },
  { value: 'practice', text: 'Practice' },
  { value: 'group', text: 'Group' },
  { value: 'tfc', text: 'Specialty' },
  { value: 'pod', text: 'Point of delivery' },
];

/** The options, with the current value added when the address names one the list lacks. */
function withCurrent(options: { value: string; text: string }[], value: string) {
  return !value || options.some((o) => o.value === value) ? options : [...options, { value, text: value }];
}

export function ActivityFiltersForm({ initial, providers, practices, onApply }: {
  initial: FilterFormValues;
  providers: Provider[];
  /** null: the user sees one practice only, so there is nothing to choose */
  practices: Practice[] | null;
  onApply: (values: FilterFormValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const set = (key: keyof FilterFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const years = financialYearOptions();
  if (!years.includes(initial.year)) years.push(initial.year);
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(values);
  }
  return (
    <form className="app-inline-form app-filters" onSubmit={submit} noValidate role="search" aria-label="Filter the activity">
      <Select id="filter-year" label="Financial year" value={values.year} onChange={set('year')} options={years.map((y) => ({ value: y, text: y }))} />
      <Select id="filter-provider" label="Provider" value={values.provider} onChange={set('provider')}
        options={withCurrent([{ value: '', text: 'All providers' }, ...providers.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))], values.provider)} />
      {practices && (
        <Select id="filter-practice" label="Practice" value={values.practice} onChange={set('practice')}
          options={withCurrent([{ value: '', text: 'All practices' }, ...practices.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))], values.practice)} />
      )}
      <Select id="filter-pod" label="Point of delivery" value={values.pod} onChange={set('pod')}
        options={withCurrent([{ value: '', text: 'All points of delivery' }, ...PODS.map((p) => ({ value: p, text: POD_LABELS[p] }))], values.pod)} />
      <Select id="filter-tfc" label="Specialty" value={values.tfc} onChange={set('tfc')}
        options={withCurrent([{ value: '', text: 'All specialties' }, ...specialtyOptions().map((s) => ({ value: s.code, text: `${s.name} (${s.code})` })), { value: 'none', text: 'No specialty (A&E)' }], values.tfc)} />
      <Select id="filter-by" label="Table by" value={values.by} onChange={set('by')} options={BY_OPTIONS} />
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}
