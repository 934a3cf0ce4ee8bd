/**
 * /pathways/community-services: the community services a GP reviewer can divert a referral to.
 * Everyone signed in sees them; administrators and commissioning managers (pathway.manage) add,
 * change and remove them. A service a referral was diverted to cannot be removed (the server
 * says which referrals), so those referrals keep saying where they went.
 */
import { useState, type FormEvent } from 'react';
import { useProviders } from '../api/hooks.js';
import { useCommunityServices, useRemoveCommunityService, useSaveCommunityService } from '../api/referrals.js';
import type { CommunityService } from '../api/types.js';
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

/** The code rule the server keeps. */
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{1,40}$/;

const FIELD_IDS: Record<string, string> = { code: 'service-code', name: 'service-name', tfc: 'service-tfc', providerCode: 'service-provider', description: 'service-description' };
const LABELS: Record<string, string> = { code: 'Code', name: 'Name', tfc: 'Specialty', providerCode: 'Provider', description: 'Description' };
const ADD_BUTTON = 'add-community-service';

export function CommunityServicesPage() {
  return (
    <RequirePermission permission="org.read">
      <CommunityServices />
    </RequirePermission>
  );
}

function CommunityServices() {
  const me = useCurrentUser();
  const manage = can(me, 'pathway.manage');
  const services = useCommunityServices();
  const remove = useRemoveCommunityService();
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problems, setProblems] = useState<ErrorSummaryItem[]>([]);
  // Bumped with each set of problems, so the summary takes focus again.
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Community services', problems.length > 0);

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

  const list = services.data ?? [];
  const current = editing && editing.kind !== 'add' ? list.find((s) => s.code === editing.code) : undefined;

  return (
    <>
      <BackLink to="/pathways">Back to pathways</BackLink>
      {problems.length > 0 && <ErrorSummary key={attempt} description="Nothing was changed." errors={problems} />}
      {done && <NotificationBanner success heading={done} />}
      <h1>Community services</h1>
      <p className="nhsuk-lede-text">
        Services in the community a GP reviewer can divert a referral to instead of sending it to a hospital: clinical assessment services, community
        clinics and lifestyle programmes.
      </p>

      {manage && !editing && (
        <ButtonGroup>
          <Button type="button" variant="secondary" id={ADD_BUTTON} onClick={() => open({ kind: 'add' })}>Add a community service</Button>
        </ButtonGroup>
      )}
      {manage && editing?.kind === 'add' && (
        <ServiceForm existing={list} onSaved={(s) => close(`Community service added: ${s.name}.`)} onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'change' && current && (
        <ServiceForm key={current.code} service={current} existing={list} onSaved={(s) => close(`Community service changed: ${s.name}.`)} onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'remove' && current && (
        <RemoveConfirmation heading={`Remove ${current.name}?`} button="Remove service" pending={remove.isPending} onCancel={() => close(null)}
          onConfirm={() => remove.mutate(current.code, {
            onSuccess: () => close(`Community service removed: ${current.name}.`),
            onError: (error) => showProblems(problemsFromApi(error, LABELS, FIELD_IDS).items),
          })}>
          <p>Reviewers will no longer be able to divert referrals to it. A service that referrals have already been diverted to cannot be removed: change it instead.</p>
        </RemoveConfirmation>
      )}

      {services.isPending && <LoadingStatus>Loading community services…</LoadingStatus>}
      {services.isError && <ProblemMessage><p>The community services could not be loaded. {services.error.message}</p></ProblemMessage>}
      {services.isSuccess && (list.length === 0 ? <p>No community services have been set up yet.</p> : (
        <DataTable
          caption="Community services"
          captionHidden
          rows={list}
          rowKey={(s) => s.code}
          scrollable
          columns={[
            { header: 'Service', cell: (s) => <>{s.name}<br /><span className="app-secondary">Code {s.code}</span></> },
            { header: 'Specialty', cell: (s) => (s.tfc ? `${s.tfcName ?? specialtyName(s.tfc)} (${s.tfc})` : 'Any') },
            { header: 'Provider', nowrap: true, cell: (s) => s.providerCode ?? 'Not recorded' },
            { header: 'Description', cell: (s) => s.description },
            ...(manage ? [{
              header: 'Actions',
              cell: (s: CommunityService) => (
                <RowButtons name={s.name} disabled={Boolean(editing)} onChange={() => open({ kind: 'change', code: s.code })} onRemove={() => open({ kind: 'remove', code: s.code })} />
              ),
            }] : []),
          ]}
        />
      ))}
    </>
  );
}

function ServiceForm({ service, existing, onSaved, onCancel, onProblems }: {
  /** the service to change; without it, a new one */
  service?: CommunityService;
  existing: CommunityService[];
  onSaved: (saved: CommunityService) => void;
  onCancel: () => void;
  onProblems: (items: ErrorSummaryItem[]) => void;
}) {
  const save = useSaveCommunityService();
  const providers = useProviders();
  const [code, setCode] = useState(service?.code ?? '');
  const [name, setName] = useState(service?.name ?? '');
  const [tfc, setTfc] = useState(service?.tfc ?? '');
  const [providerCode, setProviderCode] = useState(service?.providerCode ?? '');
  const [description, setDescription] = useState(service?.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});

  const specialties = COMMON_SPECIALTIES.some((s) => s.code === service?.tfc) || !service?.tfc
    ? COMMON_SPECIALTIES : [{ code: service.tfc, name: service.tfcName ?? service.tfc }, ...COMMON_SPECIALTIES];

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    const newCode = code.trim();
    if (!service) {
      if (!newCode) found.code = 'Enter a code for the service';
      else if (!SERVICE_CODE.test(newCode)) found.code = 'Code must be 2 to 41 letters, digits or hyphens, like msk-cats';
      else if (existing.some((s) => s.code.toLowerCase() === newCode.toLowerCase())) found.code = `There is already a service with the code ${newCode}: change that one in the table instead`;
    }
    if (!name.trim()) found.name = 'Enter the name of the service';
    else if (name.trim().length > 300) found.name = 'Name must be 300 characters or fewer';
    if (description.trim().length > 4000) found.description = 'Description must be 4,000 characters or fewer';
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems(summaryOf(found, FIELD_IDS));
      return;
    }
    save.mutate({ code: service?.code ?? newCode, change: { name: name.trim(), tfc: tfc || null, providerCode: providerCode || null, description: description.trim() } }, {
      onSuccess: onSaved,
      onError: (error) => {
        const p = problemsFromApi(error, LABELS, FIELD_IDS);
        setErrors(p.fields);
        onProblems(p.items);
      },
    });
  }

  const heading = service ? `Change ${service.name}` : 'Add a community service';
  return (
    <form className="app-actions" onSubmit={submit} noValidate aria-label={heading}>
      <FocusedHeading>{heading}</FocusedHeading>
      {service ? <p>Code {service.code} (the code cannot be changed).</p> : (
        <TextInput id={FIELD_IDS.code!} label={LABELS.code} hint="Letters, digits and hyphens, like msk-cats. Reviewers’ decisions record it." width={20}
          spellCheck={false} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} />
      )}
      <TextInput id={FIELD_IDS.name!} label={LABELS.name} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <Select id={FIELD_IDS.tfc!} label="Specialty (optional)" hint="The specialty it takes referrals for: reviewers see it first for referrals to that specialty." value={tfc} onChange={setTfc} error={errors.tfc}
        options={[{ value: '', text: 'Any specialty' }, ...specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))]} />
      <Select id={FIELD_IDS.providerCode!} label="Provider (optional)" hint="The organisation that runs it." value={providerCode} onChange={setProviderCode} error={errors.providerCode}
        options={[
          { value: '', text: providers.isPending ? 'Loading providers…' : 'Not recorded' },
          ...(providers.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` })),
          ...(providerCode && providers.data && !providers.data.some((p) => p.code === providerCode) ? [{ value: providerCode, text: providerCode }] : []),
        ]} />
      <Textarea id={FIELD_IDS.description!} label="Description (optional)" hint="What the service offers, for the reviewer choosing it." rows={3}
        value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
      <ButtonGroup>
        <Button disabled={save.isPending}>{service ? 'Save changes' : 'Add service'}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
    </form>
  );
}
