/** Referral-centre booking support (REF-6): record a contact with the patient, record the booking. */
import { useState, type FormEvent } from 'react';
import { useProviders } from '../api/hooks.js';
import { useCommunityServices, useDecision, useRecordContact } from '../api/referrals.js';
import type { ContactMethod } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { DateInput, EMPTY_DATE, dateInputId, type DateParts } from '../nhsuk/DateInput.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { problemsFromError, summaryItems, type ActionProps, type FieldErrors } from './actions.js';
import { CONTACT_METHOD_LABELS } from './labels.js';
import { isoFromParts } from './referral-form.js';

const CONTACT_FIELDS: Record<string, string> = { method: firstRadioId('contact-method'), outcome: 'contact-outcome', note: 'contact-note' };

export function ContactForm({ referral, onDone, onProblems }: ActionProps) {
  const record = useRecordContact();
  const [method, setMethod] = useState<ContactMethod | null>(null);
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [willBook, setWillBook] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!method) found.method = 'Select how you contacted the patient';
    if (!outcome.trim()) found.outcome = 'Say what happened';
    setErrors(found);
    if (Object.keys(found).length || !method) {
      onProblems({ items: summaryItems(found, CONTACT_FIELDS) });
      return;
    }
    onProblems(null);
    record.mutate({ id: referral.id, change: { version: referral.version, method, outcome: outcome.trim(), note: note.trim() || undefined, patientWillBook: willBook } }, {
      onSuccess: () => onDone(willBook ? 'Contact recorded: the patient will book the appointment themselves.' : 'Contact recorded.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, CONTACT_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>Record a contact</h3>
      <Radios<ContactMethod> name="contact-method" legend="How did you contact the patient?" legendSize="s" small
        options={(Object.keys(CONTACT_METHOD_LABELS) as ContactMethod[]).map((m) => ({ value: m, label: CONTACT_METHOD_LABELS[m] }))}
        value={method} onChange={setMethod} error={errors.method} />
      <TextInput id={CONTACT_FIELDS.outcome!} label="Outcome" hint="For example, no answer, left a message; or appointment offered" autoComplete="off"
        value={outcome} onChange={(e) => setOutcome(e.target.value)} error={errors.outcome} />
      <Textarea id={CONTACT_FIELDS.note!} label="Note (optional)" rows={3} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
      <Checkbox id="contact-patient-will-book" label="The patient will book the appointment themselves" checked={willBook} onChange={setWillBook} />
      <Button variant="secondary" disabled={record.isPending}>Record contact</Button>
    </form>
  );
}

const BOOKING_FIELDS: Record<string, string> = { bookedDate: dateInputId('booked-date'), bookedProvider: 'booked-provider', reason: 'booking-note' };

export function BookingForm({ referral, onDone, onProblems }: ActionProps) {
  const decide = useDecision();
  const providers = useProviders();
  const services = useCommunityServices(Boolean(referral.divertedTo));
  const serviceProvider = services.data?.find((s) => s.code === referral.divertedTo?.code)?.providerCode ?? '';
  const [date, setDate] = useState<DateParts>(EMPTY_DATE);
  const [provider, setProvider] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // Until the user chooses, the provider the referral went to.
  const chosenProvider = provider ?? referral.forwardedTo ?? serviceProvider;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    const iso = isoFromParts(date);
    if (!date.day && !date.month && !date.year) found.bookedDate = 'Enter the date of the appointment';
    else if (!iso) found.bookedDate = 'The appointment date must be a real date';
    if (!chosenProvider) found.bookedProvider = 'Select the provider the appointment is with';
    setErrors(found);
    if (Object.keys(found).length || !iso) {
      onProblems({ items: summaryItems(found, BOOKING_FIELDS) });
      return;
    }
    onProblems(null);
    decide.mutate({ id: referral.id, change: { action: 'book', version: referral.version, reason: note.trim(), bookedDate: iso, bookedProvider: chosenProvider } }, {
      onSuccess: () => onDone('Booking recorded.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, BOOKING_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>Record booking</h3>
      <DateInput id="booked-date" legend="Appointment date" hint="For example, 20 11 2025" value={date} onChange={setDate} error={errors.bookedDate} />
      <Select id={BOOKING_FIELDS.bookedProvider!} label="Provider" value={chosenProvider} onChange={setProvider} error={errors.bookedProvider}
        options={[{ value: '', text: 'Select a provider' }, ...(providers.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))]} />
      <Textarea id={BOOKING_FIELDS.reason!} label="Note (optional)" rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={errors.reason} />
      <Button disabled={decide.isPending}>Record booking</Button>
    </form>
  );
}

const INFO_FIELDS: Record<string, string> = { reason: 'more-information' };

/** The practice answers a reviewer's request for more information; the referral goes back to triage. */
export function ProvideInfoForm({ referral, onDone, onProblems }: ActionProps) {
  const decide = useDecision();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = [...referral.events].reverse().find((e) => e.action === 'request_info');

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!text.trim()) found.reason = 'Enter the information the reviewer asked for';
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems({ items: summaryItems(found, INFO_FIELDS) });
      return;
    }
    onProblems(null);
    decide.mutate({ id: referral.id, change: { action: 'provide_info', version: referral.version, reason: text.trim() } }, {
      onSuccess: () => onDone('Information sent. The referral is back with the GP reviewer.'),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, INFO_FIELDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 id="provide-information">Provide more information</h2>
      {request?.reason && <p>The reviewer asked: <q>{request.reason}</q></p>}
      <Textarea id={INFO_FIELDS.reason!} label="More information" hint="Results, history or anything else the reviewer asked for." value={text} onChange={(e) => setText(e.target.value)} error={errors.reason} />
      <Button disabled={decide.isPending}>Send information</Button>
    </form>
  );
}
