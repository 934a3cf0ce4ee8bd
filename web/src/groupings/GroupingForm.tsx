/** The form that creates a grouping: its name, kind, who can see it and (optionally) its practices. */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { GROUPING_KINDS, GROUPING_KIND_LABELS, useCreateGrouping, type GroupingKind } from '../api/groupings.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { groupingPath, problemsFrom, splitCodes, summaryOf, type FieldErrors, type GroupingNotice } from './shared.js';

type Field = 'name' | 'kind' | 'shared' | 'practiceCodes';
const IDS: Record<Field, string> = { name: 'grouping-name', kind: 'grouping-kind', shared: firstRadioId('grouping-shared'), practiceCodes: 'grouping-codes' };

export function CreateGroupingForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const me = useCurrentUser();
  const mayShare = can(me, 'grouping.manage');
  const create = useCreateGrouping();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<GroupingKind>('custom');
  const [shared, setShared] = useState<'shared' | 'private' | null>(mayShare ? null : 'private');
  const [codes, setCodes] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);

  function show(fields: FieldErrors<Field>, items: ErrorSummaryItem[]) {
    setErrors(fields);
    setSummary(items);
    onErrorsChange(items.length > 0);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!name.trim()) found.name = 'Enter a name for the grouping';
    else if (name.trim().length > 200) found.name = 'Name must be 200 characters or fewer';
    if (!shared) found.shared = 'Select who can see the grouping';
    show(found, summaryOf(found, IDS));
    if (Object.keys(found).length) return;
    create.mutate({ name: name.trim(), kind, shared: shared === 'shared', practiceCodes: splitCodes(codes) }, {
      onSuccess: (created) => {
        const state: GroupingNotice = { notice: `Grouping ‘${created.name}’ created with ${created.memberCount} ${created.memberCount === 1 ? 'practice' : 'practices'}.` };
        void navigate(groupingPath(created.id), { state });
      },
      onError: (error) => {
        const mapped = problemsFrom(error, IDS);
        show(mapped.fields, mapped.summary);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id={IDS.name} label="Name" hint="For example, Primary care network 3, or My audit practices" width={30} maxLength={200} autoComplete="off"
        value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <Select id={IDS.kind} label="Kind of grouping" value={kind} error={errors.kind} onChange={(v) => setKind(v as GroupingKind)}
        options={GROUPING_KINDS.map((k) => ({ value: k, text: GROUPING_KIND_LABELS[k] }))} />
      {mayShare ? (
        <Radios<'shared' | 'private'> name="grouping-shared" legend="Who can see it" legendSize="s" value={shared} onChange={setShared} error={errors.shared}
          options={[
            { value: 'shared', label: 'Everyone who uses insight', hint: 'Practices see only its size and whether they are in it.' },
            { value: 'private', label: 'Only me' },
          ]} />
      ) : (
        <p className="nhsuk-body">Only you will see this grouping. Commissioning managers can create groupings everyone sees.</p>
      )}
      <Textarea id={IDS.practiceCodes} label="Practice codes (optional)" rows={5} value={codes} error={errors.practiceCodes} onChange={(e) => setCodes(e.target.value)}
        hint="Paste a column of codes from a spreadsheet, or type them separated by commas, spaces or new lines, like E82001, E82002. You can add practices later too." />
      <Button disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create grouping'}</Button>
    </form>
  );
}
