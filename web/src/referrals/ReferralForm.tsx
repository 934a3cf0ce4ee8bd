/**
 * The referral form (REF-1): patient, referral, pathway questions, providers and an optional
 * attachment. Problems found here or by the server show in an error summary at the top, each
 * linking to its field, and by the field itself.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.js';
import { useProviders } from '../api/hooks.js';
import { usePathways, useSubmitReferral, uploadAttachment } from '../api/referrals.js';
import type { CodeSystem, PatientSex, Priority } from '../api/types.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { DateInput } from '../nhsuk/DateInput.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { Radios } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus } from '../nhsuk/Status.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { CODE_SYSTEM_LABELS, PRIORITY_LABELS, specialtyOptions } from './labels.js';
import { PathwayQuestions } from './PathwayQuestions.js';
import {
  checkForm, emptyForm, newIdempotencyKey, orderedProblems, pathwayQuestions, toReferralInput,
  type Answer, type Problems, type ReferralFormState,
} from './referral-form.js';

/** What the referral page shows after a referral has been sent. */
export interface SentState { sent: { reference: string; attachmentProblem: string | null } }

const SEX_OPTIONS: { value: PatientSex; label: string }[] = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Not known' },
];

export function ReferralForm() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const providers = useProviders();
  const pathways = usePathways();
  const submit = useSubmitReferral();
  const [form, setForm] = useState<ReferralFormState>(() => emptyForm(new Date()));
  const [problems, setProblems] = useState<Problems>({});
  const [attempt, setAttempt] = useState(0);
  const [uploading, setUploading] = useState(false);
  // One key per filling-in of the form: a double click or a retry is the same referral.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const hasProblems = Object.keys(problems).length > 0;
  usePageTitle('Refer a patient', hasProblems);

  const allPathways = useMemo(() => pathways.data ?? [], [pathways.data]);
  const specialties = useMemo(() => specialtyOptions(allPathways), [allPathways]);
  const forSpecialty = allPathways.filter((p) => p.tfc === form.tfc && p.active !== false);
  const pathway = forSpecialty.find((p) => p.code === form.pathwayCode) ?? null;
  const questions = useMemo(() => (pathway ? (pathway.questions ?? pathwayQuestions(pathway.criteria)) : []), [pathway]);

  const set = <K extends keyof ReferralFormState>(key: K, value: ReferralFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setProvider = (index: 0 | 1 | 2, code: string) => setForm((f) => {
    const next: [string, string, string] = [...f.providers];
    next[index] = code;
    return { ...f, providers: next };
  });
  const setAnswer = (key: string, answer: Answer) => setForm((f) => ({ ...f, answers: { ...f.answers, [key]: answer } }));
  function chooseSpecialty(tfc: string) {
    const matching = allPathways.filter((p) => p.tfc === tfc && p.active !== false);
    // With one pathway for the specialty, choose it; the user can still say none applies.
    setForm((f) => ({ ...f, tfc, pathwayCode: matching.length === 1 ? matching[0]!.code : '' }));
  }

  const error = (path: string) => problems[path] ?? null;
  const busy = submit.isPending || uploading;
  // Set at once on sending (state updates only on the next render, after a fast second click).
  const sending = useRef(false);

  function send(event: FormEvent) {
    event.preventDefault();
    if (busy || sending.current) return;
    const found = checkForm(form, questions);
    setProblems(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length) return;
    const input = toReferralInput(form, me.practiceCode ?? '', questions);
    sending.current = true;
    submit.mutate({ input, idempotencyKey }, {
      onSettled: () => { sending.current = false; },
      onSuccess: async (referral) => {
        let attachmentProblem: string | null = null;
        const file = form.attachment;
        if (file && !referral.attachments.some((a) => a.fileName === file.name && a.sizeBytes === file.size)) {
          setUploading(true);
          try {
            await uploadAttachment(referral.id, file);
          } catch (cause) {
            attachmentProblem = `${file.name} could not be attached: ${cause instanceof Error ? cause.message : 'something went wrong'}`;
          } finally {
            setUploading(false);
          }
        }
        const state: SentState = { sent: { reference: referral.reference, attachmentProblem } };
        void navigate(`/referrals/${referral.id}`, { state });
      },
      onError: (cause) => {
        const next: Problems = {};
        if (cause instanceof ApiError && cause.details.length) {
          for (const d of cause.details) {
            // 422 names ReferralInput paths; a 400 (request shape) prefixes them with "body.".
            const key = d.field?.replace(/^body\./, '') || 'form';
            next[key] = next[key] ? `${next[key]}. ${d.message}` : d.message;
          }
        } else {
          next.form = cause.message;
        }
        setProblems(next);
        setAttempt((n) => n + 1);
      },
    });
  }

  const summary = orderedProblems(problems, questions);
  const providerOptions = [
    { value: '', text: 'Select a provider' },
    ...(providers.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` })),
  ];

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {hasProblems && (
          <ErrorSummary
            key={attempt}
            description="Nothing was sent. Put these right, then send the referral again."
            errors={summary.map((p) => ({ text: p.text, fieldId: p.fieldId }))}
          />
        )}
        <h1>Refer a patient</h1>
        <p className="nhsuk-lede-text">Send a referral from {me.practiceName ?? me.practiceCode ?? 'your practice'} through the referral gateway. A GP reviewer checks it against the specialty’s pathway, usually within 2 working days.</p>

        <form onSubmit={send} noValidate>
          <h2>Patient</h2>
          <TextInput
            id="nhs-number" label="NHS number" hint="10 digits, for example 485 777 3456" width={10} inputMode="numeric" autoComplete="off" spellCheck={false}
            value={form.nhsNumber} onChange={(e) => set('nhsNumber', e.target.value)} error={error('patient.nhsNumber')}
          />
          <TextInput id="family-name" label="Family name" width={20} autoComplete="off" spellCheck={false}
            value={form.familyName} onChange={(e) => set('familyName', e.target.value)} error={error('patient.familyName')} />
          <TextInput id="given-name" label="Given name" width={20} autoComplete="off" spellCheck={false}
            value={form.givenName} onChange={(e) => set('givenName', e.target.value)} error={error('patient.givenName')} />
          <DateInput id="birth-date" legend="Date of birth" hint="For example, 31 3 1980"
            value={form.birthDate} onChange={(v) => set('birthDate', v)} error={error('patient.birthDate')} />
          <Radios name="sex" legend="Sex" legendSize="s" options={SEX_OPTIONS} value={form.sex} onChange={(v) => set('sex', v)} error={error('patient.sex')} />
          <TextInput id="postcode" label="Postcode" width={10} autoComplete="off" spellCheck={false}
            value={form.postcode} onChange={(e) => set('postcode', e.target.value)} error={error('patient.postcode')} />

          <h2>Referral</h2>
          <TextInput id="clinician" label="Referring clinician" hint="The GP or other clinician making the referral, for example Dr A Patel" width={30} autoComplete="off"
            value={form.clinician} onChange={(e) => set('clinician', e.target.value)} error={error('clinician')} />
          <Select
            id="tfc" label="Specialty" value={form.tfc} onChange={chooseSpecialty} error={error('tfc')}
            options={[{ value: '', text: 'Select a specialty' }, ...specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))]}
          />
          <Select
            id="pathway" label="Pathway"
            hint={pathways.isError
              ? `The pathways could not be loaded (${pathways.error.message}). You can still send the referral.`
              : !form.tfc ? 'Choose the specialty first.' : forSpecialty.length === 0 ? 'There is no pathway for this specialty.' : 'The pathway the referral should be checked against.'}
            value={form.pathwayCode} onChange={(v) => set('pathwayCode', v)} error={error('pathwayCode')}
            options={[{ value: '', text: forSpecialty.length ? 'None of these' : 'No pathway' }, ...forSpecialty.map((p) => ({ value: p.code, text: p.name }))]}
          />
          {pathway && <PathwayQuestions pathway={pathway} questions={questions} answers={form.answers} problems={problems} onChange={setAnswer} />}

          <Radios<CodeSystem>
            name="reason-system" legend="Clinical reason: code system" legendSize="s" inline
            hint="Read v2 codes are mapped to ICD-10 or SNOMED CT where a map has been loaded."
            options={(Object.keys(CODE_SYSTEM_LABELS) as CodeSystem[]).map((s) => ({ value: s, label: CODE_SYSTEM_LABELS[s] }))}
            value={form.reasonSystem} onChange={(v) => set('reasonSystem', v)} error={error('reason.system')}
          />
          <TextInput id="reason-code" label="Clinical reason: code" hint="For example, M17.1 (ICD-10) or 239873007 (SNOMED CT)" width={20} autoComplete="off" spellCheck={false}
            value={form.reasonCode} onChange={(e) => set('reasonCode', e.target.value)} error={error('reason.code')} />
          <TextInput id="reason-display" label="Clinical reason: description" hint="For example, primary osteoarthritis of the knee" autoComplete="off"
            value={form.reasonDisplay} onChange={(e) => set('reasonDisplay', e.target.value)} error={error('reason.display')} />
          <Radios<Priority>
            name="priority" legend="Priority" legendSize="s"
            options={[
              { value: 'routine', label: PRIORITY_LABELS.routine },
              { value: 'urgent', label: PRIORITY_LABELS.urgent },
              { value: '2ww', label: PRIORITY_LABELS['2ww'], hint: 'Goes straight to the first-choice provider, without triage.' },
            ]}
            value={form.priority} onChange={(v) => set('priority', v)} error={error('priority')}
          />

          <h2>Providers</h2>
          <p>The patient’s choice of provider, in order.</p>
          {providers.isError && <p className="nhsuk-error-message">The providers could not be loaded: {providers.error.message}</p>}
          <Select id="provider-1" label="First choice" options={providerOptions} value={form.providers[0]} onChange={(v) => setProvider(0, v)}
            error={error('chosenProviders.0') ?? error('chosenProviders')} />
          <Select id="provider-2" label="Second choice (optional)" options={providerOptions} value={form.providers[1]} onChange={(v) => setProvider(1, v)} error={error('chosenProviders.1')} />
          <Select id="provider-3" label="Third choice (optional)" options={providerOptions} value={form.providers[2]} onChange={(v) => setProvider(2, v)} error={error('chosenProviders.2')} />

          <h2>Details</h2>
          <TextInput id="procedure-code" label="Procedure asked for (optional)" hint="OPCS-4 code, for example W85. Some procedures need prior approval before the referral can go to a provider." width={10} autoComplete="off" spellCheck={false}
            value={form.procedureCode} onChange={(e) => set('procedureCode', e.target.value)} error={error('procedureCode')} />
          <DateInput id="referral-date" legend="Referral date" hint="For example, 14 10 2025"
            value={form.referralDate} onChange={(v) => set('referralDate', v)} error={error('referralDate')} />
          <FileUpload id="attachment" label="Attachment (optional)" labelSize="s" hint="A letter, result or photograph: PDF, PNG or JPEG, up to 5 MB." accept="application/pdf,image/png,image/jpeg"
            onChange={(file) => set('attachment', file)} error={error('attachment')} />

          <Button disabled={busy}>{busy ? 'Sending…' : 'Send referral'}</Button>
          <LiveStatus visuallyHidden>{submit.isPending ? 'Sending the referral…' : uploading ? 'Adding the attachment…' : ''}</LiveStatus>
        </form>
      </div>
    </div>
  );
}
