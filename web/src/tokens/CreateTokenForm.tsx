/** Name a new personal API token and create it. */
import { useState, type FormEvent } from 'react';
import { Button } from '../nhsuk/Button.js';
import { TextInput } from '../nhsuk/TextInput.js';

export const TOKEN_NAME_FIELD = 'token-name';

export function CreateTokenForm({ error, busy, onCreate }: { error: string | null; busy: boolean; onCreate: (name: string) => void }) {
  const [name, setName] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onCreate(name.trim());
  }
  return (
    <form onSubmit={submit} noValidate>
      <TextInput
        id={TOKEN_NAME_FIELD}
        label="Token name"
        hint="So you can tell your tokens apart, for example ‘Monthly activity report’"
        width={30}
        maxLength={80}
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error}
      />
      <Button disabled={busy}>Create token</Button>
    </form>
  );
}
