/** Adding or changing a meeting of a body: its date, title, place, whether it was held, and notes. */
import { useState, type FormEvent } from 'react';
import { MEETING_STATUSES, MEETING_STATUS_LABELS, useAddMeeting, useUpdateMeeting, type Meeting, type MeetingStatus } from '../api/governance.js';
import { partsFromIso } from '../referrals/referral-form.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { dateProblem, fromServer, isoOrNull, summaryOf, type FieldErrors } from './shared.js';

type Field = 'heldOn' | 'title' | 'location' | 'status' | 'notes';

export function MeetingForm({ bodyId, meeting, onDone, onErrorsChange }: {
  bodyId: number;
  meeting: Meeting | null;
  onDone: (message: string, saved: Meeting) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const prefix = meeting ? `meeting-${meeting.id}` : 'new-meeting';
  const ids: Record<Field, string> = {
    heldOn: dateInputId(`${prefix}-date`), title: `${prefix}-title`, location: `${prefix}-location`, status: firstRadioId(`${prefix}-status`), notes: `${prefix}-notes`,
  };
  const add = useAddMeeting();
  const update = useUpdateMeeting();
  const pending = add.isPending || update.isPending;
  const [heldOn, setHeldOn] = useState<DateParts>(meeting ? partsFromIso(meeting.heldOn) : EMPTY_DATE);
  const [values, setValues] = useState({ title: meeting?.title ?? '', location: meeting?.location ?? '', notes: meeting?.notes ?? '' });
  const [status, setStatus] = useState<MeetingStatus>(meeting?.status ?? 'planned');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, ids, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    const dateError = dateProblem(heldOn, 'Date of the meeting', 'Enter the date of the meeting');
    if (dateError) found.heldOn = dateError;
    if (!values.title.trim()) found.title = 'Enter the meeting’s title';
    show(found, null);
    const iso = isoOrNull(heldOn);
    if (Object.keys(found).length || !iso) return;
    const input = { heldOn: iso, title: values.title.trim(), location: values.location.trim(), status, notes: values.notes.trim() };
    const handlers = {
      onSuccess: (saved: Meeting) => {
        onDone(meeting ? 'Meeting saved.' : `${saved.title} on ${saved.heldOn} added.`, saved);
        if (!meeting) {
          setHeldOn(EMPTY_DATE);
          setValues({ title: '', location: '', notes: '' });
          setStatus('planned');
        }
        show({}, null);
      },
      onError: (error: unknown) => {
        const mapped = fromServer(error, ['heldOn', 'title', 'location', 'status', 'notes'] as const);
        show(mapped.fields, mapped.general);
      },
    };
    if (meeting) update.mutate({ id: meeting.id, ...input }, handlers);
    else add.mutate({ bodyId, ...input }, handlers);
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <DateInput id={`${prefix}-date`} legend="Date of the meeting" hint="For example, 14 5 2026" value={heldOn} onChange={setHeldOn} error={errors.heldOn} />
      <TextInput id={ids.title} label="Title" hint="For example, Board meeting or Council, quarter 2" width={30} maxLength={300} autoComplete="off"
        value={values.title} error={errors.title} onChange={(e) => set('title')(e.target.value)} />
      <TextInput id={ids.location} label="Where (optional)" width={30} maxLength={300} autoComplete="off" value={values.location} error={errors.location} onChange={(e) => set('location')(e.target.value)} />
      <Radios<MeetingStatus> name={`${prefix}-status`} legend="Status" legendSize="s" value={status} onChange={setStatus} error={errors.status} inline small
        options={MEETING_STATUSES.map((s) => ({ value: s, label: MEETING_STATUS_LABELS[s] }))} />
      <Textarea id={ids.notes} label="Notes (optional)" hint="Attendance, quorum, apologies" rows={3} maxLength={20000} value={values.notes} error={errors.notes}
        onChange={(e) => set('notes')(e.target.value)} />
      <Button disabled={pending}>{pending ? 'Saving…' : meeting ? 'Save meeting' : 'Add meeting'}</Button>
    </form>
  );
}
