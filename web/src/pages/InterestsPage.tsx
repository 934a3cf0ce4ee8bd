/**
 * /governance/interests: the group's register of declarations of interest (ORG-5), filtered by
 * person, subject and status, with downloads. Anyone may declare their own interest; those who keep
 * the governance records may record one for a member. A declaration is ended by giving its last
 * day (?end=<id> opens that form). Decisions about the same subject then show it, and the member
 * can only be recorded as recused while it is in force.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  INTEREST_KINDS, INTEREST_KIND_LABELS, SUBJECT_KINDS, SUBJECT_KIND_LABELS, interestsDownloadUrl, useDeclare, useEndDeclaration, useGroupMembers, useInterests,
  type Declaration, type InterestFilters, type InterestKind, type SubjectKind,
} from '../api/governance.js';
import { DeclarationStatusTag, GovernanceNav, GroupForm, dateProblem, fromServer, isoOrNull, summaryOf, useGroupParam, type FieldErrors } from '../governance/shared.js';
import { formatShortDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function InterestsPage() {
  return (
    <RequirePermission permission="governance.read">
      <Interests />
    </RequirePermission>
  );
}
export default InterestsPage;

export const SUBJECT_HINTS: Record<SubjectKind, string> = {
  provider: 'The provider’s ODS code, for example RWG',
  practice: 'The practice code, for example E82001',
  business_case: 'The business case number',
  project: 'The project number',
  topic: 'In a few words, for example community audiology',
};

function Interests() {
  const me = useCurrentUser();
  const [group] = useGroupParam();
  const [search, setSearch] = useSearchParams();
  const filters: InterestFilters = {
    group, person: search.get('person') ?? '', subjectKind: search.get('subjectKind') ?? '', subjectRef: search.get('subjectRef') ?? '', status: search.get('status') ?? '',
  };
  const register = useInterests(filters);
  const ending = register.data?.find((d) => d.id === Number(search.get('end'))) ?? null;
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Declarations of interest', formErrors);
  const announce = (message: string) => {
    setDone(message);
    setFormErrors(false);
  };
  const replace = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSearch(next, { preventScrollReset: true });
  };
  // One's own declarations are those one recorded (the server checks the account itself).
  const mayEnd = (d: Declaration) => can(me, 'governance.manage') || (can(me, 'interest.declare') && d.recordedBy === me.username);

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>Declarations of interest</h1>
      <p className="nhsuk-lede-text">
        Interests declared by members of the group’s bodies. A decision about the same provider, practice, business case, project or topic shows the
        declaration, and a member with an interest in force can only be recorded as recused.
      </p>
      {group && <GroupForm key={`group-${group}`} id="interests-group" group={group} onChange={(g) => { setDone(null); replace({ group: g, end: '' }); }} />}
      <GovernanceNav current="interests" group={group} />
      <Filters key={JSON.stringify(filters)} filters={filters} onChange={(f) => replace({ ...f, end: '' })} />

      {register.isPending && group && <LoadingStatus>Loading the register…</LoadingStatus>}
      {register.isError && <ProblemMessage><p>The register could not be loaded. {register.error.message}</p></ProblemMessage>}
      {register.data && (
        <section aria-labelledby="register-heading">
          <h2 id="register-heading">The register</h2>
          <LiveStatus>{register.data.length ? `${plural(register.data.length, 'declaration')}.` : 'No declarations match.'}</LiveStatus>
          {register.data.length > 0 && <RegisterTable declarations={register.data} mayEnd={mayEnd} endingId={ending?.id ?? null} />}
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={interestsDownloadUrl('xlsx', filters)} download>Download the register (XLSX)</a></li>
            <li><a className="nhsuk-link" href={interestsDownloadUrl('csv', filters)} download>Download the register (CSV)</a></li>
          </ul>
        </section>
      )}

      {ending && mayEnd(ending) && (
        <EndForm key={ending.id} declaration={ending} onErrorsChange={setFormErrors} onCancel={() => replace({ end: '' })}
          onDone={(message) => { announce(message); replace({ end: '' }); }} />
      )}

      {can(me, 'interest.declare') && group && <DeclareForm key={`declare-${group}`} group={group} manages={can(me, 'governance.manage')} onDone={announce} onErrorsChange={setFormErrors} />}
    </>
  );
}

function Filters({ filters, onChange }: { filters: InterestFilters; onChange: (f: Record<string, string>) => void }) {
  const [values, setValues] = useState({ person: filters.person ?? '', subjectKind: filters.subjectKind ?? '', subjectRef: filters.subjectRef ?? '', status: filters.status ?? '' });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...values, subjectRef: values.subjectKind ? values.subjectRef.trim() : '', person: values.person.trim() });
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate aria-label="Filter the register">
      <TextInput id="filter-person" label="Person" width={20} value={values.person} onChange={(e) => set('person')(e.target.value)} autoComplete="off" />
      <Select id="filter-subject-kind" label="Subject" value={values.subjectKind} onChange={set('subjectKind')}
        options={[{ value: '', text: 'Any' }, ...SUBJECT_KINDS.map((k) => ({ value: k, text: SUBJECT_KIND_LABELS[k] }))]} />
      <TextInput id="filter-subject-ref" label="Code, number or topic" width={10} value={values.subjectRef} onChange={(e) => set('subjectRef')(e.target.value)} autoComplete="off" />
      <Select id="filter-status" label="Status" value={values.status} onChange={set('status')}
        options={[{ value: '', text: 'Any' }, { value: 'in_force', text: 'In force' }, { value: 'ended', text: 'Ended' }, { value: 'future', text: 'From a later date' }]} />
      <Button variant="secondary">Filter</Button>
    </form>
  );
}

function RegisterTable({ declarations, mayEnd, endingId }: { declarations: Declaration[]; mayEnd: (d: Declaration) => boolean; endingId: number | null }) {
  return (
    <Table caption="Declarations of interest" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Person</HeaderCell>
        <HeaderCell>Interest</HeaderCell>
        <HeaderCell>In</HeaderCell>
        <HeaderCell>Declared</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell><span className="nhsuk-u-visually-hidden">End</span></HeaderCell>
      </TableHead>
      <TableBody>
        {declarations.map((d) => (
          <TableRow key={d.id}>
            <Cell rowHeader>{d.personName}{d.seats.length > 0 && <><br /><span className="nhsuk-body-s app-secondary">{d.seats.join('; ')}</span></>}</Cell>
            <Cell><strong>{d.kindLabel}</strong><br />{d.interest}</Cell>
            <Cell>{d.subject.kindLabel}: {d.subject.label}</Cell>
            <Cell nowrap>{formatShortDate(d.declaredOn)}{d.endsOn && <><br /><span className="nhsuk-body-s">to {formatShortDate(d.endsOn)}</span></>}</Cell>
            <Cell><DeclarationStatusTag status={d.status} label={d.statusLabel} /></Cell>
            <Cell nowrap>
              {d.id === endingId ? <span className="app-secondary">Below</span>
                : mayEnd(d) && d.status !== 'ended' ? <Link className="nhsuk-link" to={`?group=${encodeURIComponent(d.groupCode)}&end=${d.id}#end-declaration`}>End<span className="nhsuk-u-visually-hidden"> {d.personName}’s declaration</span></Link> : null}
            </Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function EndForm({ declaration: d, onDone, onCancel, onErrorsChange }: { declaration: Declaration; onDone: (message: string) => void; onCancel: () => void; onErrorsChange: (has: boolean) => void }) {
  const end = useEndDeclaration();
  const [date, setDate] = useState<DateParts>(EMPTY_DATE);
  const [error, setError] = useState<string | null>(null);
  function show(problem: string | null) {
    setError(problem);
    onErrorsChange(problem !== null);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = dateProblem(date, 'Last day', 'Enter the last day the interest held');
    const iso = isoOrNull(date);
    if (problem || !iso) return show(problem ?? 'Last day must be a real date');
    if (iso < d.declaredOn) return show('Last day must be the same as or after the day it was declared');
    show(null);
    end.mutate({ id: d.id, endsOn: iso }, {
      onSuccess: () => onDone(`${d.personName}’s declaration ends on ${formatShortDate(iso)}.`),
      onError: (e) => show(fromServer(e, ['endsOn'] as const).fields.endsOn ?? (e instanceof Error ? e.message : 'The declaration could not be ended.')),
    });
  }
  return (
    <section aria-labelledby="end-declaration">
      <h2 id="end-declaration">End {d.personName}’s declaration</h2>
      <p>{d.kindLabel} interest in {d.subject.label}: {d.interest}</p>
      <form onSubmit={submit} noValidate>
        {error && <ErrorSummary errors={[{ text: error, fieldId: dateInputId('end-date') }]} />}
        <DateInput id="end-date" legend="Last day the interest held" hint="Decisions after this day are no longer affected. For example, 30 6 2026" value={date} onChange={setDate} error={error} />
        <div className="nhsuk-button-group">
          <Button disabled={end.isPending}>{end.isPending ? 'Saving…' : 'End declaration'}</Button>
          <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </section>
  );
}

type DeclareField = 'whose' | 'memberId' | 'kind' | 'interest' | 'subjectKind' | 'subjectRef' | 'declaredOn' | 'endsOn';
const DECLARE_IDS: Record<DeclareField, string> = {
  whose: firstRadioId('declare-whose'), memberId: 'declare-member', kind: firstRadioId('declare-kind'), interest: 'declare-interest',
  subjectKind: 'declare-subject-kind', subjectRef: 'declare-subject-ref', declaredOn: dateInputId('declare-from'), endsOn: dateInputId('declare-until'),
};

function DeclareForm({ group, manages, onDone, onErrorsChange }: { group: string; manages: boolean; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const declare = useDeclare();
  const members = useGroupMembers(manages ? group : '');
  const [whose, setWhose] = useState<'mine' | 'member'>('mine');
  const [memberId, setMemberId] = useState('');
  const [kind, setKind] = useState<InterestKind | null>(null);
  const [interest, setInterest] = useState('');
  const [subjectKind, setSubjectKind] = useState<SubjectKind | ''>('');
  const [subjectRef, setSubjectRef] = useState('');
  const [from, setFrom] = useState<DateParts>(EMPTY_DATE);
  const [until, setUntil] = useState<DateParts>(EMPTY_DATE);
  const [errors, setErrors] = useState<FieldErrors<DeclareField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, DECLARE_IDS, general);

  function show(found: FieldErrors<DeclareField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<DeclareField> = {};
    if (whose === 'member' && !memberId) found.memberId = 'Select the member whose interest it is';
    if (!kind) found.kind = 'Select the kind of interest';
    if (!interest.trim()) found.interest = 'Describe the interest';
    if (!subjectKind) found.subjectKind = 'Select what the interest is in';
    else if (!subjectRef.trim()) found.subjectRef = `Enter ${SUBJECT_HINTS[subjectKind].toLowerCase().replace(/^the /, 'the ')}`;
    const fromProblem = dateProblem(from, 'Date declared', 'Enter the date the interest was declared');
    const untilProblem = dateProblem(until, 'Last day', null);
    if (fromProblem) found.declaredOn = fromProblem;
    if (untilProblem) found.endsOn = untilProblem;
    const declaredOn = isoOrNull(from);
    const endsOn = isoOrNull(until);
    if (!found.endsOn && declaredOn && endsOn && endsOn < declaredOn) found.endsOn = 'Last day must be the same as or after the date declared';
    show(found, null);
    if (Object.keys(found).length || !kind || !subjectKind || !declaredOn) return;
    declare.mutate({
      groupCode: group, memberId: whose === 'member' ? Number(memberId) : null, kind, interest: interest.trim(), subjectKind, subjectRef: subjectRef.trim(), declaredOn, endsOn,
    }, {
      onSuccess: (d) => {
        onDone(`${d.personName}’s ${d.kindLabel.toLowerCase()} interest in ${d.subject.label} is on the register.`);
        setInterest('');
        setSubjectRef('');
        setFrom(EMPTY_DATE);
        setUntil(EMPTY_DATE);
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['memberId', 'kind', 'interest', 'subjectKind', 'subjectRef', 'declaredOn', 'endsOn'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  // One option per person and seat, so a person on two bodies can be found under either.
  const memberOptions = (members.data ?? []).map(({ body, member }) => ({ value: String(member.id), text: `${member.personName} (${body.name}: ${member.role})` }));
  return (
    <section aria-labelledby="declare-heading">
      <h2 id="declare-heading">Declare an interest</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        {manages && (
          <Radios<'mine' | 'member'> name="declare-whose" legend="Whose interest is it?" legendSize="s" value={whose} onChange={setWhose} error={errors.whose}
            options={[
              { value: 'mine', label: 'Mine' },
              {
                value: 'member', label: 'A member’s, recorded for them',
                conditional: (
                  <Select id={DECLARE_IDS.memberId} label="Member" value={memberId} onChange={setMemberId} error={errors.memberId}
                    options={[{ value: '', text: 'Choose a member' }, ...memberOptions]} />
                ),
              },
            ]} />
        )}
        <Radios<InterestKind> name="declare-kind" legend="Kind of interest" legendSize="s" value={kind} onChange={setKind} error={errors.kind}
          options={INTEREST_KINDS.map((k) => ({ value: k, label: INTEREST_KIND_LABELS[k] }))} />
        <Textarea id={DECLARE_IDS.interest} label="The interest" hint="For example, shareholder in a company that provides outpatient clinics" rows={3} maxLength={2000}
          value={interest} error={errors.interest} onChange={(e) => setInterest(e.target.value)} />
        <Select id={DECLARE_IDS.subjectKind} label="What the interest is in" value={subjectKind} error={errors.subjectKind} onChange={(v) => setSubjectKind(v as SubjectKind | '')}
          options={[{ value: '', text: 'Choose one' }, ...SUBJECT_KINDS.map((k) => ({ value: k, text: SUBJECT_KIND_LABELS[k] }))]} />
        <TextInput id={DECLARE_IDS.subjectRef} label="Which one" hint={subjectKind ? SUBJECT_HINTS[subjectKind] : 'A provider’s ODS code, a practice code, a business case or project number, or a topic'}
          width={20} maxLength={200} autoComplete="off" value={subjectRef} error={errors.subjectRef} onChange={(e) => setSubjectRef(e.target.value)} />
        <DateInput id="declare-from" legend="Date declared" hint="The interest counts from this day. For example, 1 4 2026" value={from} onChange={setFrom} error={errors.declaredOn} />
        <DateInput id="declare-until" legend="Last day (optional)" hint="If the interest has already ended or will end on a known day" value={until} onChange={setUntil} error={errors.endsOn} />
        <Button disabled={declare.isPending}>{declare.isPending ? 'Declaring…' : 'Declare interest'}</Button>
      </form>
    </section>
  );
}
