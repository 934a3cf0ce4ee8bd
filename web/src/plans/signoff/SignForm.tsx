/**
 * Signing a version as one signatory role: the declaration ticked and the password re-entered
 * (a signature is a personal act). Problems go in an error summary and by their field; the
 * server's word on the password (or anything else) is shown as it gives it.
 */
import { useState, type FormEvent } from 'react';
import { useSign, type SignOff, type SignResult } from '../../api/signoff.js';
import { fromServer, summaryOf, type FieldErrors } from '../../allowances/shared.js';
import { Button } from '../../nhsuk/Button.js';
import { ErrorSummary } from '../../nhsuk/ErrorSummary.js';
import { TextInput } from '../../nhsuk/TextInput.js';
import { DeclarationCheckbox } from './DeclarationCheckbox.js';

type Field = 'confirm' | 'password';
const IDS: Record<Field, string> = { confirm: 'sign-declaration', password: 'sign-password' };

/** On whose behalf a role signs. */
export function onBehalfOf(party: SignOff['signatories'][number]['party'], groupName: string): string {
  switch (party) {
    case 'consortium': return groupName;
    case 'commissioner': return 'the commissioner';
    case 'joint': return `the joint commissioning committee of ${groupName} and the commissioner`;
  }
}

export function SignForm({ signOff, roleCode, onSigned, onErrorsChange }: {
  signOff: SignOff;
  roleCode: string;
  onSigned: (result: SignResult, roleLabel: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const sign = useSign(signOff.plan.id);
  const [confirm, setConfirm] = useState(false);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const role = signOff.signatories.find((s) => s.roleCode === roleCode)!;
  const version = signOff.version!.version;
  const summary = summaryOf(errors, IDS, general);

  function show(found: FieldErrors<Field>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!confirm) found.confirm = `Confirm that you have read version ${version} of the plan and sign it`;
    if (!password) found.password = 'Enter your password';
    show(found, null);
    if (Object.keys(found).length) return;
    sign.mutate({ roleCode, password, confirm }, {
      onSuccess: (result) => {
        setPassword('');
        setConfirm(false);
        show({}, null);
        onSigned(result, role.label);
      },
      onError: (error) => {
        setPassword('');
        const mapped = fromServer(error, ['confirm', 'password'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="sign-heading">
      <h2 id="sign-heading">Sign as {role.label.charAt(0).toLowerCase() + role.label.slice(1)}</h2>
      <p>
        Your signature is recorded with your name and the time, and cannot be changed or taken back. Enter the password you sign in with
        to confirm it is you.
      </p>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <DeclarationCheckbox id={IDS.confirm} legend="Declaration" checked={confirm} onChange={setConfirm} error={errors.confirm}
          label={`I have read version ${version} of the plan and sign it as ${role.label.charAt(0).toLowerCase() + role.label.slice(1)} on behalf of ${onBehalfOf(role.party, signOff.plan.groupName)}`} />
        <TextInput id={IDS.password} label="Your password" type="password" autoComplete="current-password" width={20}
          value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} spellCheck={false} />
        <Button disabled={sign.isPending}>{sign.isPending ? 'Signing…' : `Sign version ${version}`}</Button>
      </form>
    </section>
  );
}
