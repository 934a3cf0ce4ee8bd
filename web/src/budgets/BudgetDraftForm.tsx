/**
 * Draft a year's budgets for a service line: the commissioner's total, pace of change, floor,
 * risk pool, phasing, sharing and reinvestment rules, and where history comes from. Checks what it
 * can before sending; shows an NHS.UK error summary linking to each field, with the message beside
 * the field, and places the server's problems (`details[].field`, e.g. `body.pace`) on the same
 * fields. Money is typed in pounds, fractions as percentages.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import {
  useCreateDraft, type BudgetReference, type DraftInput, type HistoricSource, type ReinvestmentRule, type ScopeReport, type ServiceLine, type SharingRule,
} from '../api/budgets.js';
import { parsePoundsInput } from '../activity/money.js';
import { MONTH_LABELS } from '../activity/years.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorMessage } from '../nhsuk/ErrorMessage.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

type Field = 'serviceLine' | 'total' | 'pace' | 'floor' | 'topSlice' | 'threshold' | 'phasing' | 'profile' | 'sharing' | 'reinvestment' | 'practiceShare' | 'historic' | 'period' | 'notes';

const IDS: Record<Field, string> = {
  serviceLine: 'draft-service-line', total: 'draft-total', pace: 'draft-pace', floor: 'draft-floor', topSlice: 'draft-top-slice', threshold: 'draft-threshold',
  phasing: firstRadioId('draft-phasing'), profile: 'draft-profile', sharing: firstRadioId('draft-sharing'), reinvestment: firstRadioId('draft-reinvestment'),
  practiceShare: 'draft-practice-share', historic: firstRadioId('draft-historic'), period: 'draft-period', notes: 'draft-notes',
};
const LABELS: Record<Field, string> = {
  serviceLine: 'Service line', total: 'Commissioner’s total', pace: 'Pace of change', floor: 'Floor', topSlice: 'Risk-pool top slice', threshold: 'High-cost threshold',
  phasing: 'Phasing', profile: 'Phasing profile', sharing: 'Sharing rule', reinvestment: 'Reinvestment rule', practiceShare: 'Practice share', historic: 'Historic spend',
  period: 'Population period', notes: 'Notes',
};
/** The server's field names → the form's. */
const SERVER_FIELDS: Record<string, Field> = {
  serviceLine: 'serviceLine', commissionerTotalPence: 'total', pace: 'pace', floorPercent: 'floor', topSlicePercent: 'topSlice', highCostThresholdPence: 'threshold',
  phasing: 'phasing', profile: 'profile', sharingRule: 'sharing', reinvestmentRule: 'reinvestment', practiceSharePercent: 'practiceShare', historicSource: 'historic',
  populationPeriod: 'period', notes: 'notes',
};

type Errors = Partial<Record<Field, string>>;

/** "2" or "2.5" per cent → 0.02, 0.025; null when not a percentage from 0 to 100 (up to 4 places). */
export function parsePercentInput(text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(t)) return null;
  const n = Number(t);
  return n <= 100 ? Math.round(n * 10_000) / 1_000_000 : null;
}

export function BudgetDraftForm({ year, reference, scope, onCreated, onErrorsChange, basedOn }: {
  year: string;
  reference: BudgetReference;
  scope: ScopeReport | undefined;
  onCreated: (id: number) => void;
  onErrorsChange?: (hasErrors: boolean) => void;
  /** a version to revise: the form starts from its parameters */
  basedOn?: DraftInput & { id: number };
}) {
  const create = useCreateDraft();
  const devolved = reference.serviceLines.filter((l) => scope?.lines.find((s) => s.serviceLine === l.serviceLine)?.devolved);
  const pct = (f: number | null | undefined) => (f === null || f === undefined ? '' : String(Math.round(f * 1_000_000) / 10_000));
  const [v, setV] = useState({
    serviceLine: basedOn?.serviceLine ?? '' as ServiceLine | '',
    total: basedOn ? (basedOn.commissionerTotalPence / 100).toFixed(2) : '',
    pace: basedOn ? pct(basedOn.pace) : '25', floor: basedOn ? pct(basedOn.floorPercent) : '2', topSlice: basedOn ? pct(basedOn.topSlicePercent) : '1',
    threshold: basedOn?.highCostThresholdPence ? (basedOn.highCostThresholdPence / 100).toFixed(2) : '',
    phasing: basedOn?.phasing ?? 'even' as 'even' | 'profile', profile: basedOn?.profile ? basedOn.profile.map(String) : Array.from({ length: 12 }, () => ''),
    sharing: basedOn?.sharingRule ?? 'individual' as SharingRule, reinvestment: basedOn?.reinvestmentRule ?? 'one_pot' as ReinvestmentRule,
    practiceShare: pct(basedOn?.practiceSharePercent) || '50', historic: basedOn?.historicSource ?? 'auto' as HistoricSource,
    period: basedOn?.populationPeriod ?? '', notes: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary: ErrorSummaryItem[] = [
    ...(Object.keys(IDS) as Field[]).filter((k) => errors[k]).map((k) => ({ text: errors[k]!, fieldId: IDS[k] })),
    ...(general ? [{ text: general }] : []),
  ];
  useEffect(() => onErrorsChange?.(summary.length > 0), [summary.length, onErrorsChange]);
  const set = <K extends keyof typeof v>(key: K) => (value: (typeof v)[K]) => setV((x) => ({ ...x, [key]: value }));

  function validate(): { found: Errors; input: DraftInput | null } {
    const found: Errors = {};
    if (!v.serviceLine) found.serviceLine = 'Select the service line';
    const total = parsePoundsInput(v.total);
    if (!v.total.trim()) found.total = 'Enter the commissioner’s total for the service line, in pounds';
    else if (total === null) found.total = 'Commissioner’s total must be an amount in pounds, like 1250000 or 1,250,000.00';
    const pace = parsePercentInput(v.pace);
    if (pace === null) found.pace = 'Pace of change must be a percentage from 0 to 100, like 25';
    const floor = parsePercentInput(v.floor);
    if (floor === null) found.floor = 'Floor must be a percentage from 0 to 100, like 2';
    const topSlice = parsePercentInput(v.topSlice);
    if (topSlice === null) found.topSlice = 'Risk-pool top slice must be a percentage from 0 to 100, like 1';
    let threshold: number | null = null;
    if (v.threshold.trim()) {
      threshold = parsePoundsInput(v.threshold);
      if (threshold === null || threshold <= 0) found.threshold = 'High-cost threshold must be an amount in pounds above 0, like 50000, or left blank';
    }
    let profile: number[] | null = null;
    if (v.phasing === 'profile') {
      const weights = v.profile.map((w) => (/^\d{1,7}(\.\d{1,6})?$/.test(w.trim()) ? Number(w.trim()) : NaN));
      if (weights.some((w) => Number.isNaN(w))) found.profile = 'Enter a weight of 0 or more for every month, like 8 or 8.5';
      else if (weights.every((w) => w === 0)) found.profile = 'Give at least one month a weight above 0';
      else profile = weights;
    }
    let practiceShare: number | null = null;
    if (v.reinvestment === 'split') {
      practiceShare = parsePercentInput(v.practiceShare);
      if (practiceShare === null) found.practiceShare = 'Practice share must be a percentage from 0 to 100, like 50';
    }
    if (v.period.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(v.period.trim())) found.period = 'Population period must be a date like 2025-04-01, or left blank for the latest';
    if (Object.keys(found).length) return { found, input: null };
    return {
      found,
      input: {
        year, serviceLine: v.serviceLine as ServiceLine, commissionerTotalPence: total!, pace: pace!, floorPercent: floor!, topSlicePercent: topSlice!,
        highCostThresholdPence: threshold, phasing: v.phasing, profile, sharingRule: v.sharing, reinvestmentRule: v.reinvestment, practiceSharePercent: practiceShare,
        historicSource: v.historic, populationPeriod: v.period.trim() || null, basedOnId: basedOn?.id ?? null, notes: v.notes.trim() || undefined,
      },
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { found, input } = validate();
    setErrors(found);
    setGeneral(null);
    if (!input) return;
    create.mutate(input, {
      onSuccess: (view) => onCreated(view.id),
      onError: (error) => {
        if (!(error instanceof ApiError)) {
          setGeneral(error.message);
          return;
        }
        const fields: Errors = {};
        const rest: string[] = [];
        for (const d of error.details) {
          const key = d.field ? SERVER_FIELDS[d.field.replace(/^body\./, '').split('.')[0]!] : undefined;
          if (key && !fields[key]) fields[key] = d.message.startsWith(LABELS[key]) || /^[A-Z]/.test(d.message) ? d.message : `${LABELS[key]} ${d.message}`;
          else if (!key) rest.push(d.message);
        }
        setErrors(fields);
        setGeneral(Object.keys(fields).length && !rest.length && error.status === 400 ? null : [error.message, ...rest].join(' '));
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Select id={IDS.serviceLine} label="Service line" value={v.serviceLine} error={errors.serviceLine} onChange={(x) => set('serviceLine')(x as ServiceLine | '')}
        hint={devolved.length < reference.serviceLines.length ? `Only the lines devolved in ${year} can be budgeted.` : undefined}
        options={[{ value: '', text: 'Choose a service line' }, ...devolved.map((l) => ({ value: l.serviceLine, text: l.label }))]} />
      <TextInput id={IDS.total} label="Commissioner’s total for the year, in pounds" hint="The whole service line: the practices’ budgets plus the risk-pool top slice."
        width={10} inputMode="decimal" autoComplete="off" spellCheck={false} value={v.total} error={errors.total} onChange={(e) => set('total')(e.target.value)} suffix="£" />
      <TextInput id={IDS.pace} label="Pace of change, per cent" hint="How much of the gap between each practice’s historic spend and its fair share closes this year: 0 keeps history, 100 reaches the fair share."
        width={4} inputMode="decimal" autoComplete="off" value={v.pace} error={errors.pace} onChange={(e) => set('pace')(e.target.value)} suffix="%" />
      <TextInput id={IDS.floor} label="Floor: the largest cut any practice may take, per cent of its historic spend"
        width={4} inputMode="decimal" autoComplete="off" value={v.floor} error={errors.floor} onChange={(e) => set('floor')(e.target.value)} suffix="%" />
      <TextInput id={IDS.topSlice} label="Risk-pool top slice, per cent of the total" hint="Held back from the practices’ budgets to meet high-cost patients and overspends."
        width={4} inputMode="decimal" autoComplete="off" value={v.topSlice} error={errors.topSlice} onChange={(e) => set('topSlice')(e.target.value)} suffix="%" />
      <TextInput id={IDS.threshold} label="High-cost threshold per patient, in pounds (optional)" hint="A patient’s costs in the year above this fall to the risk pool, not the practice."
        width={10} inputMode="decimal" autoComplete="off" value={v.threshold} error={errors.threshold} onChange={(e) => set('threshold')(e.target.value)} suffix="£" />
      <Radios<'even' | 'profile'>
        name="draft-phasing" legend="How is each budget spread over the year?" legendSize="s" value={v.phasing} onChange={set('phasing')}
        options={[
          { value: 'even', label: 'Evenly', hint: 'The same each month (to the penny).' },
          {
            value: 'profile', label: 'By a profile', hint: 'A weight for each month; only their proportions count.',
            conditional: (
              <div className={errors.profile ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
                <fieldset className="nhsuk-fieldset" aria-describedby={errors.profile ? 'draft-profile-error' : undefined}>
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Weight for each month</legend>
                  {errors.profile && <ErrorMessage id="draft-profile-error">{errors.profile}</ErrorMessage>}
                  <div className="app-inline-form">
                    {MONTH_LABELS.map((month, i) => (
                      <TextInput key={month} id={i === 0 ? IDS.profile : `draft-profile-${i + 1}`} label={month} width={4} inputMode="decimal" autoComplete="off"
                        value={v.profile[i] ?? ''} onChange={(e) => setV((x) => ({ ...x, profile: x.profile.map((w, j) => (j === i ? e.target.value : w)) }))}
                        aria-invalid={errors.profile ? true : undefined} className={errors.profile ? 'nhsuk-input--error' : undefined} />
                    ))}
                  </div>
                </fieldset>
              </div>
            ),
          },
        ]}
      />
      <Radios<SharingRule> name="draft-sharing" legend="How are over- and under-spends shared?" legendSize="s" value={v.sharing} onChange={set('sharing')} error={errors.sharing}
        options={reference.sharingRules.map((r) => ({ value: r.rule, label: r.rule === 'individual' ? 'Each practice on its own' : r.rule === 'group' ? 'Within each group' : 'Within each group, with the risk pool', hint: r.description }))} />
      <Radios<ReinvestmentRule> name="draft-reinvestment" legend="What happens to savings?" legendSize="s" value={v.reinvestment} onChange={set('reinvestment')} error={errors.reinvestment}
        options={reference.reinvestmentRules.map((r) => ({
          value: r.rule, label: r.rule === 'one_pot' ? 'One pot for the group' : 'Split between practice and commissioner', hint: r.description,
          ...(r.rule === 'split' && {
            conditional: <TextInput id={IDS.practiceShare} label="The practice’s share, per cent" width={4} inputMode="decimal" autoComplete="off" value={v.practiceShare} error={errors.practiceShare} onChange={(e) => set('practiceShare')(e.target.value)} suffix="%" />,
          }),
        }))} />
      <Radios<HistoricSource> name="draft-historic" legend="Where does each practice’s historic spend come from?" legendSize="s" value={v.historic} onChange={set('historic')} error={errors.historic}
        options={[
          { value: 'auto', label: 'Imported figures where there are any, else last year’s activity' },
          { value: 'activity', label: 'Last year’s priced activity' },
          { value: 'imported', label: 'Imported figures only' },
        ]} />
      <TextInput id={IDS.period} label="Population period (optional)" hint="The registered-population extract the fair shares use, like 2025-04-01. Leave blank for the latest before the year ends."
        width={10} autoComplete="off" value={v.period} error={errors.period} onChange={(e) => set('period')(e.target.value)} />
      <Textarea id={IDS.notes} label="Notes (optional)" rows={3} maxLength={2000} value={v.notes} error={errors.notes} onChange={(e) => set('notes')(e.target.value)} />
      <Button disabled={create.isPending}>{basedOn ? 'Draft a new version' : 'Draft the budgets'}</Button>
    </form>
  );
}
