/** /pathways/:code: one pathway's criteria; administrators and commissioning managers edit them here. */
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { usePathway } from '../api/referrals.js';
import { formatDateTime } from '../format/dates.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { CriteriaTable } from '../pathways/CriteriaTable.js';
import { PathwayEditor } from '../pathways/PathwayEditor.js';
import { specialtyName } from '../referrals/labels.js';
import type { CreatedState } from './NewPathwayPage.js';

export function PathwayPage() {
  return (
    <RequirePermission permission="org.read">
      <PathwayContent />
    </RequirePermission>
  );
}

function PathwayContent() {
  const { code = '' } = useParams();
  const me = useCurrentUser();
  const pathway = usePathway(code);
  const created = (useLocation().state as CreatedState | null)?.created?.code === code;
  // Bumped on "Reload pathway", so the editor starts again from what is stored.
  const [loads, setLoads] = useState(0);
  const notFound = pathway.error instanceof ApiError && pathway.error.status === 404;
  const manage = can(me, 'pathway.manage');
  // The same title the editor sets (it adds "Error: " while its form has problems).
  usePageTitle(pathway.data ? `${manage ? 'Edit ' : ''}${pathway.data.name}` : notFound ? 'Pathway not found' : 'Pathway');

  const back = <BackLink to="/pathways">Back to pathways</BackLink>;
  if (pathway.isPending) return <>{back}<LoadingStatus>Loading the pathway…</LoadingStatus></>;
  if (pathway.isError) {
    return (
      <>
        {back}
        <h1>{notFound ? 'Pathway not found' : 'Sorry, there is a problem with the service'}</h1>
        {notFound ? <p>There is no pathway {code}. <Link className="nhsuk-link" to="/pathways">See all pathways</Link>.</p>
          : <ProblemMessage><p>The pathway could not be loaded. {pathway.error.message}</p></ProblemMessage>}
      </>
    );
  }
  const p = pathway.data;
  if (manage) {
    return <>{back}<PathwayEditor key={loads} pathway={p} created={created && loads === 0} onReload={async () => { await pathway.refetch(); setLoads((n) => n + 1); }} /></>;
  }
  return (
    <>
      {back}
      <span className="nhsuk-caption-l">Pathway {p.code}</span>
      <h1>{p.name}</h1>
      {p.description && <p className="nhsuk-lede-text">{p.description}</p>}
      <SummaryList rows={[
        { key: 'Specialty', value: `${p.tfcName ?? specialtyName(p.tfc)} (${p.tfc})` },
        { key: 'In use', value: p.active === false ? 'No' : 'Yes' },
        { key: 'Version', value: `${p.version}${p.updatedAt ? `, changed ${formatDateTime(p.updatedAt)}${p.updatedBy ? ` by ${p.updatedBy}` : ''}` : ''}` },
      ]} />
      <CriteriaTable criteria={p.criteria} />
    </>
  );
}
