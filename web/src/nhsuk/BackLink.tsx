/** NHS.UK back link to a known page. */
import { Link } from 'react-router';

export function BackLink({ to, children = 'Back' }: { to: string; children?: string }) {
  return <Link className="nhsuk-back-link" to={to}>{children}</Link>;
}
