/**
 * /pathways/prior-approval: the procedures that need prior approval before a referral asking for
 * them is forwarded (REF-12), with the criteria for approving. Everyone signed in sees the list;
 * administrators and commissioning managers (pathway.manage) add, change and remove entries.
 */
import { useState, type FormEvent } from 'react';
import { usePriorApprovalProcedures, useRemovePriorApproval, useSavePriorApproval } from '../api/referrals.js';
import type { PriorApprovalProcedure } from '../api/types.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import {
  FocusedHeading, RemoveConfirmation, RowButtons, focusLater, problemsFromApi, summaryOf, type Editing, type FieldErrors,
} from '../pathways/catalogue-editing.js';
import { COMMON_SPECIALTIES, specialtyName } from '../referrals/labels.js';

/** The code rule the server keeps: OPCS-4 (W85.1) or SNOMED CT, stored in capitals. */
const PROCEDURE_CODE = /^[A-Z0-9][A-Z0-9.]{1,19}$/;

const FIELD_IDS: Record<string, string> = { code: 'procedure-code', name: 'procedure-name', tfc: 'procedure-tfc', criteria: 'procedure-criteria' };
const LABELS: Record<string, string> = { code: 'Code', name: 'Procedure', tfc: 'Specialty', criteria: 'Criteria' };
const ADD_BUTTON = 'add-procedure';

export function PriorApprovalPage() {
  return (
    <RequirePermission permission="org.read">
      <PriorApproval />
    </RequirePermission>
  );
}

function PriorApproval() {
  const me = useCurrentUser();
  const manage = can(me, 'pathway.manage');
  const procedures = usePriorApprovalProcedures();
  const remove = useRemovePriorApproval();
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problems, setProblems] = useState<ErrorSummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Prior approval', problems.length > 0);

  const open = (next: Editing) => {
    setDone(null);
    setProblems([]);
    setEditing(next);
  };
  const close = (message: string | null) => {
    setEditing(null);
    setProblems([]);
    setDone(message);
    if (!message) focusLater(ADD_BUTTON);
  };
  const showProblems = (items: ErrorSummaryItem[]) => {
    setDone(null);
    setProblems(items);
    setAttempt((n) => n + 1);
  };

  const list = procedures.data ?? [];
  const current = editing && editing.kind !== 'add' ? list.find((p) => p.code === editing.code) : undefined;

  return (
    <>
      <BackLink to="/pathways">Back to pathways</BackLink>
      {problems.length > 0 && <ErrorSummary key={attempt} description="Nothing was changed." errors={problems} />}
      {done && <NotificationBanner success heading={done} />}
      <h1>Prior approval</h1>
      <p className="nhsuk-lede-text">
        Procedures funded only when the criteria are met. A referral asking for one of them cannot be forwarded to a provider until a GP reviewer
        records the approval.
      </p>

      {manage && !editing && (
        <ButtonGroup>
          <Button type="button" variant="secondary" id={ADD_BUTTON} onClick={() => open({ kind: 'add' })}>Add a procedure</Button>
        </ButtonGroup>
      )}
      {manage && editing?.kind === 'add' && (
        <ProcedureForm existing={list} onSaved={(p) => close(`Added to the prior-approval list: ${p.name} (${p.code}).`)} onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'change' && current && (
        <ProcedureForm key={current.code} procedure={current} existing={list} onSaved={(p) => close(`Changed: ${p.name} (${p.code}).`)} onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'remove' && current && (
        <RemoveConfirmation heading={`Remove ${current.name} (${current.code}) from the list?`} button="Remove procedure" pending={remove.isPending} onCancel={() => close(null)}
          onConfirm={() => remove.mutate(current.code, {
            onSuccess: () => close(`Removed from the prior-approval list: ${current.name} (${current.code}).`),
            onError: (error) => showProblems(problemsFromApi(error, LABELS, FIELD_IDS).items),
          })}>
          <p>Referrals asking for it will no longer need an approval before they are forwarded. Approvals already recorded are kept.</p>
        </RemoveConfirmation>
      )}

      {procedures.isPending && <LoadingStatus>Loading the prior-approval list…</LoadingStatus>}
      {procedures.isError && <ProblemMessage><p>The prior-approval list could not be loaded. {procedures.error.message}</p></ProblemMessage>}
      {procedures.isSuccess && (list.length === 0 ? <p>No procedures need prior approval.</p> : (
        <DataTable
          caption="Procedures that need prior approval"
          captionHidden
          rows={list}
          rowKey={(p) => p.code}
          scrollable
          columns={[
            { header: 'Code', nowrap: true, cell: (p) => p.code },
            { header: 'Procedure', cell: (p) => p.name },
            { header: 'Specialty', cell: (p) => (p.tfc ? `${p.tfcName ?? specialtyName(p.tfc)} (${p.tfc})` : 'Any') },
            { header: 'Criteria for approval', cell: (p) => p.criteria || 'None recorded' },
            ...(manage ? [{
              header: 'Actions',
              cell: (p: PriorApprovalProcedure) => (
                <RowButtons name={`${p.name} (${p.code})`} disabled={Boolean(editing)} onChange={() => open({ kind: 'change', code: p.code })} onRemove={() => open({ kind: 'remove', code: p.code })} />
              ),
            }] : []),
          ]}
        />
      ))}
    </>
  );
}

function ProcedureForm({ procedure, existing, onSaved, onCancel, onProblems }: {
  /** the entry to change; without it, a new one */
  procedure?: PriorApprovalProcedure;
  existing: PriorApprovalProcedure[];
  onSaved: (saved: PriorApprovalProcedure) => void;
  onCancel: () => void;
  onProblems: (items: ErrorSummaryItem[]) => void;
}) {
  const save = useSavePriorApproval();
  const [code, setCode] = useState(procedure?.code ?? '');
  const [name, setName] = useState(procedure?.name ?? '');
  const [tfc, setTfc] = useState(procedure?.tfc ?? '');
  const [criteria, setCriteria] = useState(procedure?.criteria ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});

  const specialties = COMMON_SPECIALTIES.some((s) => s.code === procedure?.tfc) || !procedure?.tfc
    ? COMMON_SPECIALTIES : [{ code: procedure.tfc, name: procedure.tfcName ?? procedure.tfc }, ...COMMON_SPECIALTIES];

  function submit(event: FormEvent) {
    event.preventDefault();
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
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems(summaryOf(found, FIELD_IDS));
      return;
    }
    save.mutate({ code: procedure?.code ?? newCode, change: { name: name.trim(), tfc: tfc || null, criteria: criteria.trim() } }, {
      onSuccess: onSaved,
      onError: (error) => {
        const p = problemsFromApi(error, LABELS, FIELD_IDS);
        setErrors(p.fields);
        onProblems(p.items);
      },
    });
  }

  const heading = procedure ? `Change ${procedure.name} (${procedure.code})` : 'Add a procedure';
  return (
    <form className="app-actions" onSubmit={submit} noValidate aria-label={heading}>
      <FocusedHeading>{heading}</FocusedHeading>
      {procedure ? <p>Code {procedure.code} (the code cannot be changed: remove the entry and add another instead).</p> : (
        <TextInput id={FIELD_IDS.code!} label={LABELS.code} hint="The OPCS-4 or SNOMED CT code referrals name the procedure by, like W85.1" width={10}
          spellCheck={false} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} />
      )}
      <TextInput id={FIELD_IDS.name!} label={LABELS.name} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <Select id={FIELD_IDS.tfc!} label="Specialty (optional)" value={tfc} onChange={setTfc} error={errors.tfc}
        options={[{ value: '', text: 'Any specialty' }, ...specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))]} />
      <Textarea id={FIELD_IDS.criteria!} label="Criteria for approval (optional)" hint="What the reviewer checks before approving." rows={3}
        value={criteria} onChange={(e) => setCriteria(e.target.value)} error={errors.criteria} />
      <ButtonGroup>
        <Button disabled={save.isPending}>{procedure ? 'Save changes' : 'Add procedure'}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
    </form>
  );
}
