/**
 * /insight/groupings: the groupings of practices the user can see (shared ones and their own
 * private ones), each usable wherever the insight pages take a practice's peers, and a form to
 * create one. A practice user sees each shared grouping's size and whether its practice is in it.
 */
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useGroupings, type GroupingSummary } from '../api/groupings.js';
import { CreateGroupingForm } from '../groupings/GroupingForm.js';
import { groupingPath, type GroupingNotice } from '../groupings/shared.js';
import { formatShortDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

export function GroupingsPage() {
  return (
    <RequirePermission permission="insight.view">
      <Groupings />
    </RequirePermission>
  );
}
export default GroupingsPage;

function Groupings() {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const groupings = useGroupings();
  const notice = (useLocation().state as GroupingNotice | null)?.notice ?? null;
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Groupings of practices', formErrors);

  return (
    <>
      {notice && <NotificationBanner success heading={notice} />}
      <h1>Groupings of practices</h1>
      <p className="nhsuk-lede-text">
        A grouping is any set of practices — a locality, a federation, a primary care network, a reviewer’s caseload — that you can compare
        practices within, wherever you can choose a group.
      </p>
      <section aria-labelledby="groupings-heading">
        <h2 id="groupings-heading">{isPractice ? 'Shared groupings' : 'Your groupings and shared ones'}</h2>
        {groupings.isPending && <LoadingStatus>Loading the groupings…</LoadingStatus>}
        {groupings.isError && <ProblemMessage><p>The groupings could not be loaded. {groupings.error.message}</p></ProblemMessage>}
        {groupings.data && (
          <>
            <LiveStatus>{groupings.data.length ? `${plural(groupings.data.length, 'grouping')}.` : 'There are no groupings yet.'}</LiveStatus>
            {groupings.data.length > 0 && <GroupingsTable groupings={groupings.data} practiceUser={isPractice} />}
          </>
        )}
      </section>
      {!isPractice && (
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">Create a grouping</h2>
          <CreateGroupingForm onErrorsChange={setFormErrors} />
        </section>
      )}
    </>
  );
}

function GroupingsTable({ groupings, practiceUser }: { groupings: GroupingSummary[]; practiceUser: boolean }) {
  return (
    <Table caption="Groupings" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Name</HeaderCell>
        <HeaderCell>Kind</HeaderCell>
        <HeaderCell numeric>Practices</HeaderCell>
        {practiceUser ? <HeaderCell>Includes your practice</HeaderCell> : <HeaderCell>Who can see it</HeaderCell>}
        <HeaderCell>Created</HeaderCell>
      </TableHead>
      <TableBody>
        {groupings.map((g) => (
          <TableRow key={g.id}>
            <Cell rowHeader><Link className="nhsuk-link" to={groupingPath(g.id)}>{g.name}</Link></Cell>
            <Cell>{g.kindLabel}</Cell>
            <Cell numeric>{g.memberCount}</Cell>
            {practiceUser
              ? <Cell>{g.includesOwnPractice ? 'Yes' : 'No'}</Cell>
              : <Cell>{g.shared ? <Tag colour="blue">Shared</Tag> : <Tag colour="grey">Only you</Tag>}</Cell>}
            <Cell nowrap>{formatShortDate(g.createdAt)}<br /><span className="app-secondary">{g.owner ?? g.createdBy}</span></Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
