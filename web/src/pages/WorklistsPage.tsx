/**
 * /worklists/:list: the queues GP reviewers and the referral centre work from (REF-7), one link
 * per list with its count, filters, a sortable table and pages. Filters, sort and page live in the
 * address, so a list can be bookmarked and Back returns to the same view.
 */
import { Navigate, useParams } from 'react-router';
import { useWorklistCounts } from '../api/referrals.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { inWorklistOrder } from '../referrals/labels.js';
import { WorklistView, listLabel } from '../worklists/WorklistView.js';

export function WorklistsPage() {
  const me = useCurrentUser();
  const allowed = can(me, 'referral.triage') || can(me, 'referral.book');
  const counts = useWorklistCounts(allowed);
  const { list } = useParams();
  const lists = inWorklistOrder(counts.data ?? []);
  const current = lists.find((l) => l.name === list);
  usePageTitle(current ? `${listLabel(current)} – Worklists` : 'Worklists');

  if (!allowed) {
    return (
      <>
        <h1>Worklists</h1>
        <p>Worklists are for GP reviewers and referral centre staff. {can(me, 'referral.submit') ? 'Your practice’s referrals are on Our referrals.' : ''}</p>
      </>
    );
  }
  if (counts.isPending) return <LoadingStatus>Loading your worklists…</LoadingStatus>;
  if (counts.isError) {
    return (
      <>
        <h1>Worklists</h1>
        <ProblemMessage><p>Your worklists could not be loaded. {counts.error.message}</p></ProblemMessage>
      </>
    );
  }
  if (lists.length === 0) return <><h1>Worklists</h1><p>Your role has no worklists.</p></>;
  if (!current) return <Navigate to={`/worklists/${lists[0]!.name}`} replace />;
  return (
    <>
      <h1>Worklists</h1>
      <WorklistView lists={lists} current={current} linkTo={(name) => `/worklists/${name}`} filters={can(me, 'referral.triage') ? ['tfc', 'priority', 'assigned'] : ['tfc', 'priority']} />
    </>
  );
}

