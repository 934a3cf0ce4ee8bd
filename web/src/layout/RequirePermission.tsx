/** A page only some roles may use; others see why they cannot. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from './CurrentUser.js';
import { usePageTitle } from './usePageTitle.js';

/** `permission` may be one permission or a list of which any one will do. */
export function RequirePermission({ permission, children }: { permission: string | string[]; children: ReactNode }) {
  const me = useCurrentUser();
  if ((Array.isArray(permission) ? permission : [permission]).some((p) => me.permissions.includes(p))) return children;
  return <NoPermission />;
}

function NoPermission() {
  usePageTitle('You cannot use this page');
  return (
    <>
      <h1>You cannot use this page</h1>
      <p>Your account ({useCurrentUser().roleLabel.toLowerCase()}) does not allow it. Ask your Commissioning Hub administrator if you need to.</p>
      <p><Link className="nhsuk-link" to="/">Go to the home page</Link></p>
    </>
  );
}
