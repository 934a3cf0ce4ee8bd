/** A pathway's criteria, read-only: what each asks for and how it is judged. */
import type { PathwayCriterion } from '../api/types.js';
import { DataTable } from '../nhsuk/Table.js';
import { INPUT_LABELS, KIND_LABELS } from './criteria.js';

export function describeRule(c: PathwayCriterion): string {
  switch (c.kind) {
    case 'threshold': return `${c.field} ${c.operator} ${c.value}${c.unit ? ` ${c.unit}` : ''}`;
    case 'excluded_diagnosis': return `Not ${(c.codes ?? []).join(', ')}`;
    case 'required_test': return `${c.test} recorded${c.input ? ` (${INPUT_LABELS[c.input].toLowerCase()})` : ''}`;
    case 'required_field': return `${c.field} ${c.input === 'yes-no' ? 'answered yes' : 'given'}${c.input && c.input !== 'yes-no' ? ` (${INPUT_LABELS[c.input].toLowerCase()})` : ''}`;
  }
}

export function CriteriaTable({ criteria }: { criteria: PathwayCriterion[] }) {
  if (criteria.length === 0) return <p>This pathway has no criteria.</p>;
  return (
    <DataTable
      caption="Criteria"
      rows={criteria}
      rowKey={(c) => c.id}
      scrollable
      columns={[
        { header: 'Criterion', cell: (c) => c.label },
        { header: 'Kind', cell: (c) => KIND_LABELS[c.kind] ?? c.kind },
        { header: 'Rule', cell: (c) => <code className="app-token">{describeRule(c)}</code> },
        { header: 'Hint', cell: (c) => c.hint ?? '' },
      ]}
    />
  );
}
