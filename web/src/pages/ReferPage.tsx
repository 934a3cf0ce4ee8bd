/** /referrals/new: a practice refers a patient. */
import { RequirePermission } from '../layout/RequirePermission.js';
import { ReferralForm } from '../referrals/ReferralForm.js';

export function ReferPage() {
  return (
    <RequirePermission permission="referral.submit">
      <ReferralForm />
    </RequirePermission>
  );
}
