/** /tokens: personal API tokens — list, create (shown once), revoke. */
import { useState } from 'react';
import { useCreateToken, useRevokeToken, useTokens } from '../api/hooks.js';
import type { ApiToken, CreatedToken } from '../api/types.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { CreateTokenForm, TOKEN_NAME_FIELD } from '../tokens/CreateTokenForm.js';
import { NewToken } from '../tokens/NewToken.js';
import { TokensTable } from '../tokens/TokensTable.js';

export function TokensPage() {
  return (
    <RequirePermission permission="tokens.create">
      <TokensContent />
    </RequirePermission>
  );
}

function TokensContent() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [message, setMessage] = useState('');
  usePageTitle('API tokens', nameError !== null);

  function createToken(name: string) {
    setCreated(null);
    setMessage('');
    if (!name) {
      setNameError('Enter a name for the token');
      return;
    }
    if (name.length > 80) {
      setNameError('The name must be 80 characters or fewer');
      return;
    }
    setNameError(null);
    create.mutate(name, {
      onSuccess: (token) => setCreated(token),
      onError: (error) => setNameError(error.message),
    });
  }

  function revokeToken(token: ApiToken) {
    setMessage('');
    revoke.mutate(token.id, {
      onSuccess: () => setMessage(`The token ‘${token.name}’ has been revoked. It no longer works.`),
      onError: (error) => setMessage(`The token ‘${token.name}’ could not be revoked. ${error.message}`),
    });
  }

  return (
    <>
      {nameError && <ErrorSummary errors={[{ text: nameError, fieldId: TOKEN_NAME_FIELD }]} />}
      <h1>API tokens</h1>
      <p className="nhsuk-lede-text">A personal API token lets a script or another system use the Commissioning Hub API as you, with your permissions.</p>

      <h2>Create a token</h2>
      {created && <NewToken token={created} />}
      <CreateTokenForm error={nameError} busy={create.isPending} onCreate={createToken} />

      <h2>Your tokens</h2>
      <LiveStatus>{message}</LiveStatus>
      {tokens.isPending && <LoadingStatus>Loading your tokens…</LoadingStatus>}
      {tokens.isError && <ProblemMessage><p>Your tokens could not be loaded. {tokens.error.message}</p></ProblemMessage>}
      {tokens.isSuccess && (tokens.data.length === 0
        ? <p>You have no tokens yet.</p>
        : <TokensTable tokens={tokens.data} revoking={revoke.isPending ? (revoke.variables ?? null) : null} onRevoke={revokeToken} />)}
    </>
  );
}
