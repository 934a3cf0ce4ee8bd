/**
 * /pathways/prior-approval: the procedures that need prior approval before a referral asking for
 * them is forwarded (REF-12), with the criteria for approving. Everyone signed in sees the list;
 * administrators and commissioning managers (pathway.manage) add, change and remove entries.
 */
import { useState } from 'react';
import { usePriorApprovalProcedures, useRemovePriorApproval, useSavePriorApproval } from '../api/referrals.js';
import type { PriorApprovalProcedure } from '../api/types.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import {
  CatalogueEditor, CatalogueForm, SpecialtySelect, specialtyOf, useCatalogueSave, type CatalogueFormProps,
} from '../pathways/CatalogueEditor.js';
import type { FieldErrors } from '../pathways/catalogue-editing.js';

/** The code rule the server keeps: OPCS-4 (W85.1) or SNOMED CT, stored in capitals. */
const PROCEDURE_CODE = /^[A-Z0-9][A-Z0-9.]{1,19}$/;

const FIELDS = {
  ids: { code: 'procedure-code', name: 'procedure-name', tfc: 'procedure-tfc', criteria: 'procedure-criteria' },
  labels: { code: 'Code', name: 'Procedure', tfc: 'Specialty', criteria: 'Criteria' },
};

export function PriorApprovalPage() {
  return (
    <RequirePermission permission="org.read">
      <PriorApproval />
    </RequirePermission>
  );
}

// Its own component so the list loads only for those allowed to see it.
function PriorApproval() {
  return (
    <CatalogueEditor
      title="Prior approval"
      lede={'Procedures funded only when the criteria are met. A referral asking for one of them cannot be forwarded to a provider until a GP reviewer '
        + 'records the approval.'}
      entries={usePriorApprovalProcedures()}
      remove={useRemovePriorApproval()}
      fields={FIELDS}
      nameOf={(p) => `${p.name} (${p.code})`}
      Form={ProcedureForm}
      addButton={{ id: 'add-procedure', text: 'Add a procedure' }}
      caption="Procedures that need prior approval"
      columns={[
        { header: 'Code', nowrap: true, cell: (p) => p.code },
        { header: 'Procedure', cell: (p) => p.name },
        { header: 'Specialty', cell: specialtyOf },
        { header: 'Criteria for approval', cell: (p) => p.criteria || 'None recorded' },
      ]}
      loading="Loading the prior-approval list…"
      loadFailed="The prior-approval list could not be loaded."
      empty="No procedures need prior approval."
      banners={{
        added: (name) => `Added to the prior-approval list: ${name}.`,
        changed: (name) => `Changed: ${name}.`,
        removed: (name) => `Removed from the prior-approval list: ${name}.`,
      }}
      removal={{
        heading: (name) => `Remove ${name} from the list?`,
        button: 'Remove procedure',
        explanation: <p>Referrals asking for it will no longer need an approval before they are forwarded. Approvals already recorded are kept.</p>,
      }}
    />
  );
}

function ProcedureForm({ entry: procedure, existing, heading, onSaved, onCancel, onProblems }: CatalogueFormProps<PriorApprovalProcedure>) {
  const save = useSavePriorApproval();
  const { errors, submit } = useCatalogueSave(save, FIELDS, { onSaved, onProblems });
  const [code, setCode] = useState(procedure?.code ?? '');
  const [name, setName] = useState(procedure?.name ?? '');
  const [tfc, setTfc] = useState(procedure?.tfc ?? '');
  const [criteria, setCriteria] = useState(procedure?.criteria ?? '');

  function checkAndSave() {
    const found: FieldErrors = {};
    const newCode = code.trim().toUpperCase();
    if (!procedure) {
      if (!newCode) found.code = 'Enter the procedure code';
      else if (!PROCEDURE_CODE.test(newCode)) found.code = 'Enter an OPCS-4 or SNOMED CT code, like W85.1';
      else if (existing.some((p) => p.code === newCode)) found.code = `${newCode} is already on the list: change it in the table instead`;
    }
    if (!name.trim()) found.name = 'Enter the name of the procedure';
    else if (name.trim().length > 300) found.name = 'Procedure name must be 300 characters or fewer';
    if (criteria.trim().length > 4000) found.criteria = 'Criteria must be 4,000 characters or fewer';
    submit(found, { code: procedure?.code ?? newCode, change: { name: name.trim(), tfc: tfc || null, criteria: criteria.trim() } });
  }

  return (
    <CatalogueForm heading={heading} submitText={procedure ? 'Save changes' : 'Add procedure'} pending={save.isPending} onSubmit={checkAndSave} onCancel={onCancel}>
      {procedure ? <p>Code {procedure.code} (the code cannot be changed: remove the entry and add another instead).</p> : (
        <TextInput id={FIELDS.ids.code} label={FIELDS.labels.code} hint="The OPCS-4 or SNOMED CT code referrals name the procedure by, like W85.1" width={10}
          spellCheck={false} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} />
      )}
      <TextInput id={FIELDS.ids.name} label={FIELDS.labels.name} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <SpecialtySelect id={FIELDS.ids.tfc} entry={procedure} value={tfc} onChange={setTfc} error={errors.tfc} />
      <Textarea id={FIELDS.ids.criteria} label="Criteria for approval (optional)" hint="What the reviewer checks before approving." rows={3}
        value={criteria} onChange={(e) => setCriteria(e.target.value)} error={errors.criteria} />
    </CatalogueForm>
  );
}
