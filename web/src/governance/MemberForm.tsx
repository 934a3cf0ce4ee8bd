/**
 * Adding or changing a member of a body: name, role, discipline, the practice they represent
 * (required on the council, which has one member per practice), sessions per week (medical
 * directors), term of office, and the user account to link so their own declarations follow them.
 */
import { useState, type FormEvent } from 'react';
import { useAddMember, useUpdateMember, type BodyDetail, type Member } from '../api/governance.js';
import { partsFromIso } from '../referrals/referral-form.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { dateProblem, fromServer, isoOrNull, summaryOf, type FieldErrors } from './shared.js';

type Field = 'personName' | 'role' | 'discipline' | 'practiceCode' | 'sessionsPerWeek' | 'termStart' | 'termEnd' | 'username';

export function MemberForm({ body, member, onDone, onCancel, onErrorsChange }: {
  body: BodyDetail;
  /** the member to change; null adds one */
  member: Member | null;
  onDone: (message: string) => void;
  onCancel?: () => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const prefix = member ? `member-${member.id}` : 'new-member';
  const ids: Record<Field, string> = {
    personName: `${prefix}-name`, role: `${prefix}-role`, discipline: `${prefix}-discipline`, practiceCode: `${prefix}-practice`,
    sessionsPerWeek: `${prefix}-sessions`, termStart: dateInputId(`${prefix}-term-start`), termEnd: dateInputId(`${prefix}-term-end`), username: `${prefix}-username`,
  };
  const add = useAddMember();
  const update = useUpdateMember();
  const pending = add.isPending || update.isPending;
  const council = body.kind === 'council';
  const [values, setValues] = useState({
    personName: member?.personName ?? '', role: member?.role ?? (body.kind === 'medical_directors' ? 'Medical director' : 'Member'),
    discipline: member?.discipline ?? '', practiceCode: member?.practiceCode ?? '', sessions: member?.sessionsPerWeek?.toString() ?? '', username: member?.username ?? '',
  });
  const [termStart, setTermStart] = useState<DateParts>(member?.termStart ? partsFromIso(member.termStart) : EMPTY_DATE);
  const [termEnd, setTermEnd] = useState<DateParts>(member?.termEnd ? partsFromIso(member.termEnd) : EMPTY_DATE);
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
    if (!values.personName.trim()) found.personName = 'Enter the member’s name';
    if (council && !values.practiceCode) found.practiceCode = 'Select the practice this council member represents';
    const sessions = values.sessions.trim() === '' ? null : Number(values.sessions.trim());
    if (sessions !== null && (!Number.isFinite(sessions) || sessions < 0 || sessions > 10 || Math.round(sessions * 10) !== sessions * 10)) {
      found.sessionsPerWeek = 'Sessions per week must be a number from 0 to 10, like 1 or 1.5';
    }
    const startProblem = dateProblem(termStart, 'Start of term', null);
    const endProblem = dateProblem(termEnd, 'End of term', null);
    if (startProblem) found.termStart = startProblem;
    if (endProblem) found.termEnd = endProblem;
    const start = isoOrNull(termStart);
    const end = isoOrNull(termEnd);
    if (!found.termEnd && start && end && end < start) found.termEnd = 'End of term must be the same as or after its start';
    show(found, null);
    if (Object.keys(found).length) return;
    const input = {
      personName: values.personName.trim(), username: values.username.trim() || null, practiceCode: values.practiceCode || null, role: values.role.trim() || 'Member',
      discipline: values.discipline.trim(), sessionsPerWeek: sessions, termStart: start, termEnd: end,
    };
    const handlers = {
      onSuccess: (saved: Member) => {
        onDone(member ? `${saved.personName}’s details saved.` : `${saved.personName} added to ${body.name}.`);
        if (!member) {
          setValues((v) => ({ ...v, personName: '', discipline: '', practiceCode: '', sessions: '', username: '' }));
          setTermStart(EMPTY_DATE);
          setTermEnd(EMPTY_DATE);
        }
        show({}, null);
      },
      onError: (error: unknown) => {
        const mapped = fromServer(error, ['personName', 'role', 'discipline', 'practiceCode', 'sessionsPerWeek', 'termStart', 'termEnd', 'username'] as const);
        show(mapped.fields, mapped.general);
      },
    };
    if (member) update.mutate({ id: member.id, ...input }, handlers);
    else add.mutate({ bodyId: body.id, ...input }, handlers);
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <TextInput id={ids.personName} label="Name" hint="As it should appear in minutes, for example Dr Mary McMinn" width={30} maxLength={200} autoComplete="off"
        value={values.personName} error={errors.personName} onChange={(e) => set('personName')(e.target.value)} />
      <TextInput id={ids.role} label="Role" hint="For example chair, vice chair, member, lead or commissioner director" width={20} maxLength={100} autoComplete="off"
        value={values.role} error={errors.role} onChange={(e) => set('role')(e.target.value)} />
      <TextInput id={ids.discipline} label="Discipline (optional)" hint="For example finance, company secretary, or the specialty they review" width={30} maxLength={100} autoComplete="off"
        value={values.discipline} error={errors.discipline} onChange={(e) => set('discipline')(e.target.value)} />
      <Select id={ids.practiceCode} label={council ? 'Practice they represent' : 'Practice (optional)'} value={values.practiceCode} error={errors.practiceCode} onChange={set('practiceCode')}
        hint={council ? 'The council has one member for each practice of the group.' : undefined}
        options={[{ value: '', text: council ? 'Choose a practice' : 'None' }, ...body.practices.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} />
      <TextInput id={ids.sessionsPerWeek} label="Sessions per week (optional)" hint="Medical directors: the sessions a week given to the review function, like 1 or 1.5" width={4}
        inputMode="decimal" autoComplete="off" value={values.sessions} error={errors.sessionsPerWeek} onChange={(e) => set('sessions')(e.target.value)} />
      <DateInput id={`${prefix}-term-start`} legend="Start of term (optional)" hint="For example, 1 4 2026" value={termStart} onChange={setTermStart} error={errors.termStart} />
      <DateInput id={`${prefix}-term-end`} legend="End of term (optional)" hint="The last day of office. Leave blank if the term has no set end." value={termEnd} onChange={setTermEnd} error={errors.termEnd} />
      <TextInput id={ids.username} label="Their user account (optional)" hint="The username they sign in with, so that interests they declare themselves are tied to this seat" width={20}
        maxLength={100} autoComplete="off" spellCheck={false} value={values.username} error={errors.username} onChange={(e) => set('username')(e.target.value)} />
      <div className="nhsuk-button-group">
        <Button disabled={pending}>{pending ? 'Saving…' : member ? 'Save member' : 'Add member'}</Button>
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}
