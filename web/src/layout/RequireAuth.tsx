/** Pages behind sign-in: without a session, go to /sign-in and come back afterwards. */
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/hooks.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { CurrentUserContext } from './CurrentUser.js';

export interface SignInState { from?: { pathname: string; search: string; hash: string }; signedOut?: boolean }

export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <LoadingStatus>Checking you are signed in…</LoadingStatus>;
  if (me.isError) {
    return (
      <>
        <h1>Sorry, there is a problem with the service</h1>
        <ProblemMessage title="Your account could not be checked"><p>{me.error.message}</p></ProblemMessage>
      </>
    );
  }
  if (!me.data) {
    const state: SignInState = { from: { pathname: location.pathname, search: location.search, hash: location.hash } };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return (
    <CurrentUserContext value={me.data}>
      <Outlet />
    </CurrentUserContext>
  );
}
