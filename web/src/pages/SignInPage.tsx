/** /sign-in: username and password; afterwards, back to the page the user was heading for. */
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client.js';
import { useMe, useSignIn } from '../api/hooks.js';
import type { SignInState } from '../layout/RequireAuth.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { LoadingStatus } from '../nhsuk/Status.js';
import { TextInput } from '../nhsuk/TextInput.js';

interface FieldErrors { username?: string; password?: string }

export function SignInPage() {
  const location = useLocation();
  const state = (location.state ?? {}) as SignInState;
  const destination = state.from ? `${state.from.pathname}${state.from.search}${state.from.hash}` : '/';
  const me = useMe();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);

  const summary: ErrorSummaryItem[] = [];
  if (fieldErrors.username) summary.push({ text: fieldErrors.username, fieldId: 'username' });
  if (fieldErrors.password) summary.push({ text: fieldErrors.password, fieldId: 'password' });
  if (serverError) summary.push({ text: serverError });
  usePageTitle('Sign in', summary.length > 0);

  if (me.isPending) return <LoadingStatus />;
  // Signed in (just now, or already): go where the user was heading.
  if (me.data) return <Navigate to={destination} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!username.trim()) errors.username = 'Enter your username';
    if (!password) errors.password = 'Enter your password';
    setFieldErrors(errors);
    setServerError(null);
    if (errors.username || errors.password) return;
    signIn.mutate({ username: username.trim(), password }, {
      onError: (error) => {
        setPassword('');
        setServerError(signInProblem(error));
      },
    });
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        {state.signedOut && summary.length === 0 && <InsetText><p>You have signed out.</p></InsetText>}
        <h1>Sign in</h1>
        <p>Sign in with the account your Commissioning Hub administrator gave you.</p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="username"
            label="Username"
            autoComplete="username"
            spellCheck={false}
            autoCapitalize="none"
            width={20}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fieldErrors.username}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            width={20}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
          />
          <Button disabled={signIn.isPending}>Sign in</Button>
          {signIn.isPending && <LoadingStatus>Signing in…</LoadingStatus>}
        </form>
      </div>
    </div>
  );
}

function signInProblem(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'The username or password is not right.';
    // 429: "Too many failed sign-in attempts. Try again in N minutes." and network problems.
    if (error.status === 429 || error.status === 0) return error.message;
    if (error.status === 400) return 'Enter a username and password.';
  }
  return 'Sorry, there is a problem with the service. Try again later.';
}
