/**
 * The changes the grouping page offers its owner (or a commissioning manager, for a shared one):
 * paste practice codes to add, rename or change the kind, and delete after a confirmation.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import {
  GROUPING_KINDS, GROUPING_KIND_LABELS, useAddGroupingMembers, useDeleteGrouping, useUpdateGrouping, type GroupingDetail, type GroupingKind,
} from '../api/groupings.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { groupingsPath, problemsFrom, summaryOf, type FieldErrors, type GroupingNotice } from './shared.js';

const listOf = (codes: string[]) => (codes.length <= 1 ? codes.join('') : `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)!}`);

export function AddPracticesForm({ grouping, onDone, onErrorsChange }: { grouping: GroupingDetail; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const add = useAddGroupingMembers();
  const [codes, setCodes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const ids = { codes: 'grouping-add-codes' };

  function show(field: string | null, items: ErrorSummaryItem[]) {
    setError(field);
    setSummary(items);
    onErrorsChange(items.length > 0);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!codes.trim()) {
      show('Enter or paste at least one practice code', [{ text: 'Enter or paste at least one practice code', fieldId: ids.codes }]);
      return;
    }
    add.mutate({ id: grouping.id, codes }, {
      onSuccess: (result) => {
        show(null, []);
        setCodes('');
        const added = result.added.length ? `Added ${result.added.length} ${result.added.length === 1 ? 'practice' : 'practices'}.` : 'No practices added.';
        const already = result.alreadyMembers.length ? ` ${listOf(result.alreadyMembers)} ${result.alreadyMembers.length === 1 ? 'was' : 'were'} already in the grouping.` : '';
        onDone(`${added}${already}`);
      },
      onError: (e) => {
        const mapped = problemsFrom(e, ids);
        show(mapped.fields.codes ?? null, mapped.summary);
      },
    });
  }

  return (
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">Add practices</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary description="No practices were added." errors={summary} />}
        <Textarea id={ids.codes} label="Practice codes" rows={6} value={codes} error={error} onChange={(e) => setCodes(e.target.value)}
          hint="Paste a column of codes from a spreadsheet or a CSV file, or type them separated by commas, spaces or new lines. If any code is wrong, none are added." />
        <Button disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add practices'}</Button>
      </form>
    </section>
  );
}

type RenameField = 'name' | 'kind';
const RENAME_IDS: Record<RenameField, string> = { name: 'grouping-rename', kind: 'grouping-rename-kind' };

export function RenameForm({ grouping, onDone, onErrorsChange }: { grouping: GroupingDetail; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const update = useUpdateGrouping();
  const [name, setName] = useState(grouping.name);
  const [kind, setKind] = useState<GroupingKind>(grouping.kind);
  const [errors, setErrors] = useState<FieldErrors<RenameField>>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);

  function show(fields: FieldErrors<RenameField>, items: ErrorSummaryItem[]) {
    setErrors(fields);
    setSummary(items);
    onErrorsChange(items.length > 0);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<RenameField> = {};
    if (!name.trim()) found.name = 'Enter a name for the grouping';
    else if (name.trim().length > 200) found.name = 'Name must be 200 characters or fewer';
    show(found, summaryOf(found, RENAME_IDS));
    if (Object.keys(found).length) return;
    update.mutate({ id: grouping.id, name: name.trim(), kind }, {
      onSuccess: (updated) => onDone(`Grouping saved as ‘${updated.name}’ (${updated.kindLabel.toLowerCase()}).`),
      onError: (e) => {
        const mapped = problemsFrom(e, RENAME_IDS);
        show(mapped.fields, mapped.summary);
      },
    });
  }

  return (
    <section aria-labelledby="rename-heading">
      <h2 id="rename-heading">Rename</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <TextInput id={RENAME_IDS.name} label="Name" width={30} maxLength={200} autoComplete="off" value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <Select id={RENAME_IDS.kind} label="Kind of grouping" value={kind} error={errors.kind} onChange={(v) => setKind(v as GroupingKind)}
          options={GROUPING_KINDS.map((k) => ({ value: k, text: GROUPING_KIND_LABELS[k] }))} />
        <Button variant="secondary" disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save name and kind'}</Button>
      </form>
    </section>
  );
}

export function DeleteGrouping({ grouping }: { grouping: GroupingDetail }) {
  const remove = useDeleteGrouping();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Focus follows the step: to the question when it opens, back to the button when it is cancelled.
    if (confirming) question.current?.focus();
    else if (opened.current) document.getElementById('grouping-delete')?.focus();
    opened.current = confirming;
  }, [confirming]);

  function confirm() {
    setProblem(null);
    remove.mutate(grouping.id, {
      onSuccess: () => {
        const state: GroupingNotice = { notice: `Grouping ‘${grouping.name}’ deleted.` };
        void navigate(groupingsPath, { state });
      },
      onError: (e) => setProblem(e.message),
    });
  }

  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete this grouping</h2>
      {!confirming ? (
        <>
          <p>{grouping.shared ? 'Everyone who uses it will lose it, and pages that compare by it will no longer offer it.' : 'Pages that compare by it will no longer offer it.'}</p>
          <Button id="grouping-delete" type="button" variant="warning" onClick={() => setConfirming(true)}>Delete grouping</Button>
        </>
      ) : (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label" ref={question} tabIndex={-1}>
            <span role="text"><span className="nhsuk-u-visually-hidden">Important: </span>Are you sure you want to delete ‘{grouping.name}’?</span>
          </h3>
          <p>Its {grouping.memberCount} {grouping.memberCount === 1 ? 'practice stays' : 'practices stay'} in the hub; only the grouping goes. This cannot be undone.</p>
          {problem && <ErrorSummary errors={[{ text: problem }]} />}
          <ButtonGroup>
            <Button type="button" variant="warning" disabled={remove.isPending} onClick={confirm}>{remove.isPending ? 'Deleting…' : 'Yes, delete it'}</Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>No, keep it</Button>
          </ButtonGroup>
        </div>
      )}
    </section>
  );
}
