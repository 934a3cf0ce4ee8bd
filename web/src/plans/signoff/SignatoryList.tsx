/** The signatories of a version: each role, who holds it, and whether they have signed. */
import type { SignOff } from '../../api/signoff.js';
import { formatDateTime } from '../../format/dates.js';
import { SummaryList } from '../../nhsuk/SummaryList.js';
import { Tag } from '../../nhsuk/Tag.js';

export function SignatoryList({ signOff }: { signOff: SignOff }) {
  const open = signOff.version !== null;
  return (
    <SummaryList rows={signOff.signatories.map((s) => ({
      key: s.label,
      value: (
        <>
          {s.signedAt
            ? <Tag colour="green">Signed</Tag>
            : <Tag colour={open ? 'yellow' : 'grey'}>{open ? 'Awaiting signature' : 'Not yet sent'}</Tag>}
          <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
            {s.signedAt
              ? <>Signed by {s.signedBy} on {formatDateTime(s.signedAt)}</>
              : s.holder ? <>To be signed by {s.holder.displayName}</> : <span className="app-secondary">Nobody holds this role for {signOff.plan.groupName} yet</span>}
          </p>
        </>
      ),
    }))} />
  );
}
