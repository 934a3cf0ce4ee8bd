/**
 * What a fully signed version means: the plan is signed off and, the first time, the incentive
 * payment is due to the group's practices (with the way to their allowances).
 */
import { Link } from 'react-router';
import type { SignOff } from '../../api/signoff.js';
import { dateAndTime, formatDateTime } from '../../format/dates.js';
import { plural } from '../../format/numbers.js';
import { NotificationBanner } from '../../nhsuk/NotificationBanner.js';

export function SignedOffPanel({ signOff, justSigned }: { signOff: SignOff; justSigned: boolean }) {
  const version = signOff.version!;
  const incentive = signOff.incentive;
  const allowances = `/allowances?year=${encodeURIComponent(signOff.plan.year)}`;
  const firedNow = incentive !== null && incentive.version === version.version;
  return (
    <NotificationBanner success={justSigned} title={justSigned ? 'Success' : 'Signed off'}
      heading={`Version ${version.version} of the plan is signed off${version.signedAt ? ` (${dateAndTime(version.signedAt)?.date ?? ''})` : ''}`}>
      {firedNow && (
        <p>
          The incentive payment is now due to the {plural(incentive.practices, 'practice')} of {signOff.plan.groupName}: the plan
          sign-off was recorded for each of them on {formatDateTime(incentive.firedAt)}.{' '}
          <Link className="nhsuk-notification-banner__link" to={allowances}>See the allowances for {signOff.plan.year}</Link>
        </p>
      )}
      {incentive && !firedNow && (
        <p>
          The incentive payment became due when version {incentive.version} was signed off, on {formatDateTime(incentive.firedAt)}; it is not
          paid again for a later version. <Link className="nhsuk-notification-banner__link" to={allowances}>See the allowances for {signOff.plan.year}</Link>
        </p>
      )}
      <p>The signed version cannot be changed. To change the plan, start a new version; it needs signing again.</p>
    </NotificationBanner>
  );
}
