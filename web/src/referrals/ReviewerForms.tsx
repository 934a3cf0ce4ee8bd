/** A reviewer's other tools: assign to me or release, re-categorise (REF-5), record prior approval (REF-12), close. */
import { useState, type FormEvent } from 'react';
import { useAssign, useDecision, usePathways, usePriorApproval, useRecategorise, type Recategorisation } from '../api/referrals.js';
import type { CodeSystem } from '../api/types.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { Button } from '../nhsuk/Button.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { problemsFromError, summaryItems, type ActionProps, type FieldErrors } from './actions.js';
import { CODE_SYSTEM_LABELS, specialtyOptions } from './labels.js';

export function AssignmentForm({ referral, onDone, onProblems }: ActionProps) {
  const me = useCurrentUser();
  const assign = useAssign();
  const mine = referral.assignedTo === me.username;
  function submit(event: FormEvent) {
    event.preventDefault();
    onProblems(null);
    assign.mutate({ id: referral.id, change: { version: referral.version, reviewer: mine ? null : me.username } }, {
      onSuccess: () => onDone(mine ? 'You have released the referral: it is back on the shared worklist.' : 'The referral is assigned to you.'),
      onError: (error) => onProblems(problemsFromError(error, {}).page),
    });
  }
  return (
    <form onSubmit={submit} noValidate className="app-inline-form">
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        {referral.assignedTo ? <>Assigned to <strong>{mine ? 'you' : referral.assignedTo}</strong>.</> : 'Not assigned to a reviewer.'}
      </p>
      <Button variant="secondary" small disabled={assign.isPending}>{mine ? 'Release' : 'Assign to me'}</Button>
    </form>
  );
}

const RECAT_FIELDS: Record<string, string> = { tfc: 'recat-tfc', reasonSystem: firstRadioId('recat-system'), reasonCode: 'recat-code', reason: 'recat-reason' };

export function RecategoriseForm({ referral, onDone, onProblems }: ActionProps) {
  const recategorise = useRecategorise();
  const pathways = usePathways();
  const [tfc, setTfc] = useState(referral.tfc);
  const [system, setSystem] = useState<CodeSystem>((['icd10', 'snomed', 'read2'] as const).find((s) => s === referral.reason.system) ?? 'icd10');
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const specialties = specialtyOptions(pathways.data ?? []);
  if (!specialties.some((s) => s.code === referral.tfc)) specialties.unshift({ code: referral.tfc, name: referral.tfcName });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (tfc === referral.tfc && !code.trim()) found.tfc = 'Choose a different specialty or enter a new clinical code';
    if (!reason.trim()) found.reason = 'Say why the referral is being re-categorised';
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems({ items: summaryItems(found, RECAT_FIELDS) });
      return;
    }
    const change: Recategorisation = { version: referral.version, reason: reason.trim() };
    if (tfc !== referral.tfc) change.tfc = tfc;
    if (code.trim()) {
      change.reasonSystem = system;
      change.reasonCode = code.trim();
    }
    onProblems(null);
    recategorise.mutate({ id: referral.id, change }, {
      onSuccess: () => onDone('The referral has been re-categorised. Its original coding is kept.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, RECAT_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>Correct the specialty or the clinical code. The original is kept and shown on the referral.</p>
      <Select id={RECAT_FIELDS.tfc!} label="Specialty" value={tfc} onChange={setTfc} error={errors.tfc}
        options={specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))} />
      <Radios<CodeSystem> name="recat-system" legend="Code system" legendSize="s" inline small
        options={(Object.keys(CODE_SYSTEM_LABELS) as CodeSystem[]).map((s) => ({ value: s, label: CODE_SYSTEM_LABELS[s] }))}
        value={system} onChange={setSystem} error={errors.reasonSystem} />
      <TextInput id={RECAT_FIELDS.reasonCode!} label="New clinical code (optional)" hint={`Now ${referral.reason.code}. Leave empty to keep it.`} width={10} autoComplete="off" spellCheck={false}
        value={code} onChange={(e) => setCode(e.target.value)} error={errors.reasonCode} />
      <Textarea id={RECAT_FIELDS.reason!} label="Why re-categorise?" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <Button variant="secondary" disabled={recategorise.isPending}>Re-categorise referral</Button>
    </form>
  );
}

const APPROVAL_FIELDS: Record<string, string> = { approvalReference: 'approval-reference', reason: 'approval-note' };

export function PriorApprovalForm({ referral, onDone, onProblems }: ActionProps) {
  const approve = usePriorApproval();
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!reference.trim()) found.approvalReference = 'Enter the prior approval reference';
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems({ items: summaryItems(found, APPROVAL_FIELDS) });
      return;
    }
    onProblems(null);
    approve.mutate({ id: referral.id, change: { version: referral.version, approvalReference: reference.trim(), reason: note.trim() } }, {
      onSuccess: () => onDone('Prior approval recorded. The referral can now be forwarded.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, APPROVAL_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h3>Record prior approval</h3>
      <p>The procedure asked for ({referral.procedureCode}) is on the prior approval list: record the approval before forwarding the referral.</p>
      <TextInput id={APPROVAL_FIELDS.approvalReference!} label="Approval reference" width={20} autoComplete="off" value={reference} onChange={(e) => setReference(e.target.value)} error={errors.approvalReference} />
      <Textarea id={APPROVAL_FIELDS.reason!} label="Note (optional)" rows={3} value={note} onChange={(e) => setNote(e.target.value)} error={errors.reason} />
      <Button variant="secondary" disabled={approve.isPending}>Record prior approval</Button>
    </form>
  );
}

const CLOSE_FIELDS: Record<string, string> = { reason: 'close-reason' };

/** Close a referral that needs nothing more (reviewers or booking staff; the status must allow it). */
export function CloseForm({ referral, onDone, onProblems }: ActionProps) {
  const decide = useDecision();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!reason.trim()) found.reason = 'Enter the reason for closing the referral';
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems({ items: summaryItems(found, CLOSE_FIELDS) });
      return;
    }
    onProblems(null);
    decide.mutate({ id: referral.id, change: { action: 'close', version: referral.version, reason: reason.trim() } }, {
      onSuccess: () => onDone('The referral is closed.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, CLOSE_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Close referral</h2>
      <p>Close the referral when nothing more is needed. The practice is told, and the reason is kept in its history.</p>
      <Textarea id={CLOSE_FIELDS.reason!} label="Reason for closing" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <Button variant="secondary" disabled={decide.isPending}>Close referral</Button>
    </form>
  );
}
