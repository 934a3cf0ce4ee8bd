/** /referrals: a practice's own referrals with their status and the reviewer's advice, and new updates. */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMarkNotificationsRead, useNotifications, useReferrals, useWorklistCounts } from '../api/referrals.js';
import { formatDateTime } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { WorklistView, listLabel } from '../worklists/WorklistView.js';

export function OurReferralsPage() {
  return (
    <RequirePermission permission="referral.submit">
      <OurReferrals />
    </RequirePermission>
  );
}

function OurReferrals() {
  const me = useCurrentUser();
  const [search] = useSearchParams();
  const counts = useWorklistCounts();
  // Only referrals returned with advice carry it (some are closed since): a short search for them.
  const advised = useReferrals({ status: 'returned_with_advice,closed', limit: '200' });
  const advice = useMemo(() => new Map((advised.data ?? []).filter((r) => r.advice).map((r) => [r.id, r.advice!])), [advised.data]);
  const all = counts.data ?? [];
  const name = search.get('list') ?? 'all';
  // "All referrals", then each status that has any (and the one being looked at).
  const lists = all.filter((l) => l.name === 'all' || l.count > 0 || l.name === name);
  const current = lists.find((l) => l.name === name);
  usePageTitle(current && current.name !== 'all' ? `${listLabel(current)} – Our referrals` : 'Our referrals');
  return (
    <>
      <h1>Our referrals</h1>
      <p className="nhsuk-lede-text">Referrals from {me.practiceName ?? me.practiceCode ?? 'your practice'}, with what the GP reviewer decided.</p>
      <p><Link className="nhsuk-button nhsuk-button--secondary" to="/referrals/new">Refer a patient</Link></p>
      <Updates />
      {counts.isPending && <LoadingStatus>Loading your referrals…</LoadingStatus>}
      {counts.isError && <ProblemMessage><p>Your referrals could not be loaded. {counts.error.message}</p></ProblemMessage>}
      {counts.isSuccess && !current && <p>There is no list called “{name}”. <Link className="nhsuk-link" to="/referrals">See all your referrals</Link>.</p>}
      {counts.isSuccess && current && (
        <WorklistView lists={lists} current={current} linkTo={(l) => (l === 'all' ? '/referrals' : `/referrals?list=${encodeURIComponent(l)}`)}
          filters={['tfc', 'priority']} listsLabel="Referrals by status" advice={advice} />
      )}
    </>
  );
}

const SHOWN_UPDATES = 5;

function Updates() {
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  if (notifications.isPending) return <LoadingStatus>Loading updates…</LoadingStatus>;
  if (notifications.isError) return <ProblemMessage title="Updates could not be loaded"><p>{notifications.error.message}</p></ProblemMessage>;
  // The newest few: the rest are a click away on each referral, or read here a few at a time.
  const unread = notifications.data.notifications.filter((n) => !n.read).slice(0, SHOWN_UPDATES);
  const more = notifications.data.unread - unread.length;
  return (
    <section aria-labelledby="updates-heading" className="app-updates">
      <h2 id="updates-heading">{notifications.data.unread > 0 ? `${plural(notifications.data.unread, 'new update')}` : 'Updates'}</h2>
      {unread.length === 0 ? <p>There are no new updates on your referrals.</p> : (
        <>
          <ul className="nhsuk-list nhsuk-list--border">
            {unread.map((n) => (
              <li key={n.id}>
                {n.referralId ? <Link className="nhsuk-link" to={`/referrals/${n.referralId}`}>{n.message}</Link> : n.message}
                <br /><span className="app-secondary nhsuk-body-s">{formatDateTime(n.at)}</span>
              </li>
            ))}
          </ul>
          {more > 0 && <p className="app-secondary">And {plural(more, 'older update')}.</p>}
          <Button variant="secondary" type="button" small disabled={markRead.isPending} onClick={() => markRead.mutate(unread.map((n) => n.id))}>
            {unread.length === 1 ? 'Mark this as read' : `Mark these ${unread.length} as read`}
          </Button>
        </>
      )}
      <LiveStatus visuallyHidden>{markRead.isSuccess ? 'Updates marked as read.' : markRead.isError ? `The updates could not be marked as read. ${markRead.error.message}` : ''}</LiveStatus>
    </section>
  );
}
