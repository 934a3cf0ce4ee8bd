/** A GP reviewer's triage decision (REF-4): forward, divert, return with advice, ask for more, discuss. */
import { useState, type FormEvent } from 'react';
import { useProviders } from '../api/hooks.js';
import { useCommunityServices, useDecision } from '../api/referrals.js';
import type { Decision, TriageAction } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { Radios, firstRadioId, type RadioOption } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { problemsFromError, summaryItems, type ActionProps, type FieldErrors } from './actions.js';
import { ACTION_LABELS, statusLabel } from './labels.js';

const TRIAGE_ACTIONS: TriageAction[] = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'];

const FIELD_IDS: Record<string, string> = {
  action: firstRadioId('decision'),
  providerCode: 'decision-provider',
  serviceCode: 'decision-service',
  advice: 'decision-advice',
  conversation: 'decision-conversation',
  reason: 'decision-reason',
};

export const triageActionsFor = (next: TriageAction[]) => TRIAGE_ACTIONS.filter((a) => next.includes(a));

export function TriageForm({ referral, onDone, onProblems }: ActionProps) {
  const actions = triageActionsFor(referral.nextActions);
  const providers = useProviders();
  const services = useCommunityServices();
  const decide = useDecision();
  const [action, setAction] = useState<TriageAction | null>(null);
  const [providerCode, setProviderCode] = useState(referral.chosenProviders[0]?.code ?? '');
  const [serviceCode, setServiceCode] = useState('');
  const [advice, setAdvice] = useState('');
  const [conversation, setConversation] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const chosen = new Set(referral.chosenProviders.map((p) => p.code));
  const providerOptions = [
    ...referral.chosenProviders.map((p) => ({ value: p.code, text: `${p.name} (${p.code}), choice ${p.rank}` })),
    ...(providers.data ?? []).filter((p) => !chosen.has(p.code)).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` })),
  ];
  // Services for this specialty first, then the rest.
  const allServices = services.data ?? [];
  const serviceOptions = [
    { value: '', text: 'Select a community service' },
    ...[...allServices.filter((s) => s.tfc === referral.tfc), ...allServices.filter((s) => s.tfc !== referral.tfc)]
      .map((s) => ({ value: s.code, text: s.name })),
  ];

  const options: RadioOption<TriageAction>[] = actions.map((a) => {
    const option: RadioOption<TriageAction> = { value: a, label: ACTION_LABELS[a] };
    if (a === 'forward') {
      option.conditional = <Select id={FIELD_IDS.providerCode!} label="Provider" options={providerOptions} value={providerCode} onChange={setProviderCode} error={errors.providerCode} />;
    } else if (a === 'divert') {
      option.conditional = (
        <Select id={FIELD_IDS.serviceCode!} label="Community service" options={serviceOptions} value={serviceCode} onChange={setServiceCode} error={errors.serviceCode}
          hint={services.isError ? `The services could not be loaded: ${services.error.message}` : undefined} />
      );
    } else if (a === 'return_with_advice') {
      option.conditional = <Textarea id={FIELD_IDS.advice!} label="Advice for the referring GP" hint="The practice sees this advice with the referral." value={advice} onChange={(e) => setAdvice(e.target.value)} error={errors.advice} />;
    } else if (a === 'discuss_with_gp') {
      option.conditional = <Textarea id={FIELD_IDS.conversation!} label="Record of the conversation" hint="Who you spoke to, when, and what you agreed." value={conversation} onChange={(e) => setConversation(e.target.value)} error={errors.conversation} />;
    } else if (a === 'request_info') {
      option.hint = 'The referral goes back to the practice until they reply. Say what you need in the reason.';
    }
    return option;
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!action) found.action = 'Select a decision';
    if (action === 'forward' && !providerCode) found.providerCode = 'Select the provider to forward the referral to';
    if (action === 'divert' && !serviceCode) found.serviceCode = 'Select the community service to divert the referral to';
    if (action === 'return_with_advice' && !advice.trim()) found.advice = 'Write the advice for the referring GP';
    if (action === 'discuss_with_gp' && !conversation.trim()) found.conversation = 'Write a record of the conversation';
    if (!reason.trim()) found.reason = 'Give a reason for the decision';
    setErrors(found);
    if (Object.keys(found).length || !action) {
      onProblems({ items: summaryItems(found, FIELD_IDS) });
      return;
    }
    const decision: Decision = { action, version: referral.version, reason: reason.trim() };
    if (action === 'forward') decision.providerCode = providerCode;
    if (action === 'divert') decision.serviceCode = serviceCode;
    if (action === 'return_with_advice') decision.advice = advice.trim();
    if (action === 'discuss_with_gp') decision.reason = `${reason.trim()}\n\nConversation with the referring GP: ${conversation.trim()}`;
    onProblems(null);
    decide.mutate({ id: referral.id, change: decision }, {
      onSuccess: (updated) => onDone(`Decision recorded: ${updated.statusLabel || statusLabel(updated.status)}.`),
      onError: (error) => {
        const { fields, page } = problemsFromError(error, FIELD_IDS);
        setErrors(fields);
        onProblems(page);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 id="triage-decision">Triage decision</h2>
      <Radios name="decision" legend="What is your decision?" legendSize="s" options={options} value={action} onChange={setAction} error={errors.action} />
      <Textarea id={FIELD_IDS.reason!} label="Reason for the decision" hint="Recorded in the referral’s history with your name." value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
      <Button disabled={decide.isPending}>Record decision</Button>
    </form>
  );
}
