/** Pathway criteria as the edit form holds them (all text), and back to the stored shape. */
import type { PathwayCriterion, PathwayCriterionKind, QuestionType, ThresholdOperator } from '../api/types.js';

export const KIND_LABELS: Record<PathwayCriterionKind, string> = {
  required_field: 'Required information',
  required_test: 'Required test result',
  threshold: 'Threshold',
  excluded_diagnosis: 'Excluded diagnoses',
};

export const INPUT_LABELS: Record<QuestionType, string> = { text: 'Text', number: 'Number', 'yes-no': 'Yes or no', date: 'Date' };

export const OPERATOR_LABELS: Record<ThresholdOperator, string> = { '>=': 'at least (≥)', '>': 'more than (>)', '<=': 'at most (≤)', '<': 'less than (<)' };

export interface CriterionRow {
  /** React key, stable while editing */
  key: string;
  id: string;
  kind: PathwayCriterionKind;
  label: string;
  /** the clinicalInfo key: `field`, or `test` for a required test */
  infoKey: string;
  input: QuestionType | '';
  operator: ThresholdOperator;
  value: string;
  unit: string;
  codes: string;
  hint: string;
}

let counter = 0;
const nextKey = () => `row-${++counter}`;

export function toRow(c: PathwayCriterion): CriterionRow {
  return {
    key: nextKey(), id: c.id, kind: c.kind, label: c.label,
    infoKey: (c.kind === 'required_test' ? c.test : c.field) ?? '',
    input: c.input ?? '', operator: c.operator ?? '>=', value: c.value === undefined ? '' : String(c.value),
    unit: c.unit ?? '', codes: (c.codes ?? []).join(', '), hint: c.hint ?? '',
  };
}

export const emptyRow = (): CriterionRow => ({
  key: nextKey(), id: '', kind: 'required_field', label: '', infoKey: '', input: '', operator: '>=', value: '', unit: '', codes: '', hint: '',
});

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'criterion';

/** Only the keys each kind has: the server refuses any other. New rows get an id from their label. */
export function fromRows(rows: CriterionRow[]): PathwayCriterion[] {
  const used = new Set(rows.map((r) => r.id).filter(Boolean));
  return rows.map((r) => {
    let id = r.id;
    if (!id) {
      const base = slug(r.label);
      id = base;
      for (let n = 2; used.has(id); n++) id = `${base.slice(0, 36)}-${n}`;
      used.add(id);
    }
    const label = r.label.trim();
    const hint = r.hint.trim() || undefined;
    const unit = r.unit.trim() || undefined;
    const key = r.infoKey.trim();
    switch (r.kind) {
      case 'required_field':
        return { id, kind: r.kind, label, field: key, ...(r.input ? { input: r.input } : {}), ...(hint ? { hint } : {}), ...(unit ? { unit } : {}) };
      case 'required_test':
        return { id, kind: r.kind, label, test: key, ...(r.input ? { input: r.input } : {}), ...(hint ? { hint } : {}), ...(unit ? { unit } : {}) };
      case 'threshold':
        return { id, kind: r.kind, label, field: key, operator: r.operator, value: r.value.trim() === '' ? Number.NaN : Number(r.value), ...(hint ? { hint } : {}), ...(unit ? { unit } : {}) };
      case 'excluded_diagnosis':
        return { id, kind: r.kind, label, codes: r.codes.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean), ...(hint ? { hint } : {}) };
    }
  });
}

/** Problems the form can find before saving, keyed like the server's (`criteria.2.label`). */
export function checkRows(rows: CriterionRow[]): Record<string, string> {
  const problems: Record<string, string> = {};
  rows.forEach((r, i) => {
    const n = i + 1;
    if (!r.label.trim()) problems[`criteria.${i}.label`] = `Criterion ${n}: enter a label`;
    if (r.kind !== 'excluded_diagnosis') {
      if (!r.infoKey.trim()) problems[`criteria.${i}.${r.kind === 'required_test' ? 'test' : 'field'}`] = `Criterion ${n}: enter the information key`;
      else if (!/^[a-z][a-z0-9_]{0,59}$/.test(r.infoKey.trim())) problems[`criteria.${i}.${r.kind === 'required_test' ? 'test' : 'field'}`] = `Criterion ${n}: the information key must be snake_case, like symptom_months`;
    }
    if (r.kind === 'threshold' && (r.value.trim() === '' || Number.isNaN(Number(r.value)))) problems[`criteria.${i}.value`] = `Criterion ${n}: enter the threshold as a number`;
    if (r.kind === 'excluded_diagnosis' && !r.codes.trim()) problems[`criteria.${i}.codes`] = `Criterion ${n}: list at least one ICD-10 code`;
  });
  return problems;
}

/** The element id of a criterion's input. */
export const criterionFieldId = (index: number, part: string) => `criterion-${index + 1}-${part}`;

/** Where a problem about `criteria.<i>.<part>` is shown (`field` and `test` are the same input). */
export function criterionTarget(path: string): { index: number; part: string } | null {
  const m = /^criteria\.(\d+)(?:\.([a-zA-Z]+))?/.exec(path);
  if (!m) return null;
  const raw = m[2] ?? 'label';
  const part = raw === 'field' || raw === 'test' ? 'key' : raw === 'id' ? 'label' : raw;
  return { index: Number(m[1]), part };
}
