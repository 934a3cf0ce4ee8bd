/**
 * /pathways: the referral pathways and their criteria counts. Administrators and commissioning
 * managers follow a link to edit one, create one, or keep the community services and the
 * prior-approval list.
 */
import { Link } from 'react-router';
import { usePathways } from '../api/referrals.js';
import { formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { specialtyName } from '../referrals/labels.js';

export function PathwaysPage() {
  return (
    <RequirePermission permission="org.read">
      <Pathways />
    </RequirePermission>
  );
}

function Pathways() {
  usePageTitle('Pathways');
  const me = useCurrentUser();
  const pathways = usePathways();
  const manage = can(me, 'pathway.manage');
  return (
    <>
      <h1>Pathways</h1>
      <p className="nhsuk-lede-text">
        What a referral to each specialty should show before it goes to a hospital. Each referral is checked against its pathway’s criteria when it arrives,
        and the GP reviewer sees which it meets and which it misses.
      </p>
      {manage && (
        <>
          <p><Link className="nhsuk-button nhsuk-button--secondary" to="/pathways/new">Create a pathway</Link></p>
          <p>Choose a pathway to change its criteria. Reviewers’ choices are kept here too:</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            <li><Link className="nhsuk-link" to="/pathways/community-services">Community services</Link> a reviewer can divert a referral to</li>
            <li><Link className="nhsuk-link" to="/pathways/prior-approval">Prior approval</Link>: procedures that need approval before a referral is forwarded</li>
          </ul>
        </>
      )}
      {pathways.isPending && <LoadingStatus>Loading pathways…</LoadingStatus>}
      {pathways.isError && <ProblemMessage><p>The pathways could not be loaded. {pathways.error.message}</p></ProblemMessage>}
      {pathways.isSuccess && (pathways.data.length === 0 ? <p>No pathways have been set up yet.</p> : (
        <DataTable
          caption="Pathways"
          captionHidden
          rows={pathways.data}
          rowKey={(p) => p.code}
          scrollable
          columns={[
            { header: 'Name', cell: (p) => <Link className="nhsuk-link" to={`/pathways/${encodeURIComponent(p.code)}`}>{p.name}</Link> },
            { header: 'Specialty', cell: (p) => `${p.tfcName ?? specialtyName(p.tfc)} (${p.tfc})` },
            { header: 'Criteria', numeric: true, cell: (p) => p.criteria.length },
            { header: 'Version', numeric: true, cell: (p) => p.version },
            { header: 'Last changed', nowrap: true, cell: (p) => (p.updatedAt ? `${formatDateTime(p.updatedAt)}${p.updatedBy ? ` by ${p.updatedBy}` : ''}` : '') },
            { header: 'In use', cell: (p) => (p.active === false ? <Tag colour="grey">Not in use</Tag> : <Tag colour="green">In use</Tag>) },
          ]}
        />
      ))}
    </>
  );
}
