/** A token just created: shown this once, with a way to copy it. */
import { useState } from 'react';
import type { CreatedToken } from '../api/types.js';
import { Button } from '../nhsuk/Button.js';
import { InsetText } from '../nhsuk/InsetText.js';

export function NewToken({ token }: { token: CreatedToken }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <InsetText>
      <h2 className="nhsuk-heading-s">Your new token ‘{token.name}’</h2>
      <p>Copy it now and keep it somewhere safe: you will not be able to see it again. Send it as <code className="nhsuk-code app-code">Authorization: Bearer …</code> with each API request.</p>
      <p><code className="nhsuk-code app-code app-token" id="new-token">{token.token}</code></p>
      <Button type="button" variant="secondary" small onClick={() => void copy()}>Copy token</Button>
      <p className="nhsuk-body-s" role="status" aria-live="polite">
        {copied === 'yes' && 'The token has been copied.'}
        {copied === 'no' && 'The token could not be copied: select it and copy it yourself.'}
      </p>
    </InsetText>
  );
}
