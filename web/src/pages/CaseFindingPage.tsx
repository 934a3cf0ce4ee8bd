/**
 * /case-finding: patients with repeated emergency admissions (ACT-7). A practice sees its own
 * patients by NHS number; the commissioner sees the same list with pseudonymous labels.
 */
import { useState } from 'react';
import { useCaseFinding, type ConditionFlag } from '../api/matching.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

const FLAG_LABELS: Record<ConditionFlag, string> = { copd: 'COPD', heartFailure: 'Heart failure', falls: 'Falls' };

export function CaseFindingPage() {
  return (
    <RequirePermission permission="casefinding.view">
      <CaseFinding />
    </RequirePermission>
  );
}

function CaseFinding() {
  usePageTitle('Case finding');
  const [minAdmissions, setMinAdmissions] = useState(3);
  const [months, setMonths] = useState(12);
  const list = useCaseFinding(minAdmissions, months);
  return (
    <>
      <h1>Case finding: repeated emergency admissions</h1>
      <p className="nhsuk-lede-text">Patients admitted as an emergency again and again, so their care can be reviewed. Your practice sees its own patients by NHS number; everyone else sees pseudonymous labels. Every view is recorded.</p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <Select id="min-admissions" label="At least this many emergency admissions" value={String(minAdmissions)} onChange={(v) => setMinAdmissions(Number(v))}
            options={[2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n) }))} />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <Select id="months" label="In the last" value={String(months)} onChange={(v) => setMonths(Number(v))}
            options={[6, 12, 24].map((n) => ({ value: String(n), text: `${n} months` }))} />
        </div>
      </div>
      {list.isPending && <LoadingStatus>Finding patients…</LoadingStatus>}
      {list.isError && <ProblemMessage><p>The list could not be loaded. {list.error.message}</p></ProblemMessage>}
      {list.isSuccess && (list.data.patients.length === 0 ? <p>No patient had {minAdmissions} or more emergency admissions between {list.data.from} and {list.data.asOf}.</p> : (
        <DataTable
          caption={`${plural(list.data.patients.length, 'patient')} with ${minAdmissions} or more emergency admissions, ${list.data.from} to ${list.data.asOf}`}
          scrollable
          rows={list.data.patients}
          rowKey={(p) => `${p.practiceCode}-${p.patient}`}
          columns={[
            { header: 'Patient', cell: (p) => p.patient },
            { header: 'Practice', cell: (p) => p.practiceName },
            { header: 'Admissions', numeric: true, cell: (p) => formatCount(p.admissions) },
            { header: 'Last admitted', cell: (p) => p.lastAdmission },
            { header: 'Bed days', numeric: true, cell: (p) => formatCount(p.bedDays) },
            { header: 'Conditions', cell: (p) => (p.flags.length ? p.flags.map((f) => <Tag key={f} colour="orange">{FLAG_LABELS[f]}</Tag>) : 'none flagged') },
            { header: 'Main diagnoses (ICD-10)', cell: (p) => p.diagnoses.join(', ') },
            { header: 'Cost at tariff', numeric: true, cell: (p) => formatPence(p.costPence) },
          ]}
        />
      ))}
    </>
  );
}
