/**
 * /pathways/community-services: the community services a GP reviewer can divert a referral to.
 * Everyone signed in sees them; administrators and commissioning managers (pathway.manage) add,
 * change and remove them. A service a referral was diverted to cannot be removed (the server
 * says which referrals), so those referrals keep saying where they went.
 */
import { useState } from 'react';
import { useProviders } from '../api/hooks.js';
import { useCommunityServices, useRemoveCommunityService, useSaveCommunityService } from '../api/referrals.js';
import type { CommunityService } from '../api/types.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { Select } from '../nhsuk/Select.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import {
  CatalogueEditor, CatalogueForm, SpecialtySelect, specialtyOf, useCatalogueSave, type CatalogueFormProps,
} from '../pathways/CatalogueEditor.js';
import type { FieldErrors } from '../pathways/catalogue-editing.js';

/** The code rule the server keeps. */
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{1,40}$/;

const FIELDS = {
  ids: { code: 'service-code', name: 'service-name', tfc: 'service-tfc', providerCode: 'service-provider', description: 'service-description' },
  labels: { code: 'Code', name: 'Name', tfc: 'Specialty', providerCode: 'Provider', description: 'Description' },
};

export function CommunityServicesPage() {
  return (
    <RequirePermission permission="org.read">
      <CommunityServices />
    </RequirePermission>
  );
}

// Its own component so the services load only for those allowed to see them.
function CommunityServices() {
  return (
    <CatalogueEditor
      title="Community services"
      lede={'Services in the community a GP reviewer can divert a referral to instead of sending it to a hospital: clinical assessment services, '
        + 'community clinics and lifestyle programmes.'}
      entries={useCommunityServices()}
      remove={useRemoveCommunityService()}
      fields={FIELDS}
      nameOf={(s) => s.name}
      Form={ServiceForm}
      addButton={{ id: 'add-community-service', text: 'Add a community service' }}
      caption="Community services"
      columns={[
        { header: 'Service', cell: (s) => <>{s.name}<br /><span className="app-secondary">Code {s.code}</span></> },
        { header: 'Specialty', cell: specialtyOf },
        { header: 'Provider', nowrap: true, cell: (s) => s.providerCode ?? 'Not recorded' },
        { header: 'Description', cell: (s) => s.description },
      ]}
      loading="Loading community services…"
      loadFailed="The community services could not be loaded."
      empty="No community services have been set up yet."
      banners={{
        added: (name) => `Community service added: ${name}.`,
        changed: (name) => `Community service changed: ${name}.`,
        removed: (name) => `Community service removed: ${name}.`,
      }}
      removal={{
        heading: (name) => `Remove ${name}?`,
        button: 'Remove service',
        explanation: <p>Reviewers will no longer be able to divert referrals to it. A service that referrals have already been diverted to cannot be removed: change it instead.</p>,
      }}
    />
  );
}

function ServiceForm({ entry: service, existing, heading, onSaved, onCancel, onProblems }: CatalogueFormProps<CommunityService>) {
  const save = useSaveCommunityService();
  const { errors, submit } = useCatalogueSave(save, FIELDS, { onSaved, onProblems });
  const providers = useProviders();
  const [code, setCode] = useState(service?.code ?? '');
  const [name, setName] = useState(service?.name ?? '');
  const [tfc, setTfc] = useState(service?.tfc ?? '');
  const [providerCode, setProviderCode] = useState(service?.providerCode ?? '');
  const [description, setDescription] = useState(service?.description ?? '');

  function checkAndSave() {
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
    submit(found, { code: service?.code ?? newCode, change: { name: name.trim(), tfc: tfc || null, providerCode: providerCode || null, description: description.trim() } });
  }

  return (
    <CatalogueForm heading={heading} submitText={service ? 'Save changes' : 'Add service'} pending={save.isPending} onSubmit={checkAndSave} onCancel={onCancel}>
      {service ? <p>Code {service.code} (the code cannot be changed).</p> : (
        <TextInput id={FIELDS.ids.code} label={FIELDS.labels.code} hint="Letters, digits and hyphens, like msk-cats. Reviewers’ decisions record it." width={20}
          spellCheck={false} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} />
      )}
      <TextInput id={FIELDS.ids.name} label={FIELDS.labels.name} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <SpecialtySelect id={FIELDS.ids.tfc} hint="The specialty it takes referrals for: reviewers see it first for referrals to that specialty." entry={service}
        value={tfc} onChange={setTfc} error={errors.tfc} />
      <Select id={FIELDS.ids.providerCode} label="Provider (optional)" hint="The organisation that runs it." value={providerCode} onChange={setProviderCode} error={errors.providerCode}
        options={[
          { value: '', text: providers.isPending ? 'Loading providers…' : 'Not recorded' },
          ...(providers.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` })),
          ...(providerCode && providers.data && !providers.data.some((p) => p.code === providerCode) ? [{ value: providerCode, text: providerCode }] : []),
        ]} />
      <Textarea id={FIELDS.ids.description} label="Description (optional)" hint="What the service offers, for the reviewer choosing it." rows={3}
        value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
    </CatalogueForm>
  );
}
