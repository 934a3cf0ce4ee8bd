/**
 * /insight/groupings/:id: one grouping of practices — what it is, who can see it, its practices
 * (downloadable), and for whoever may change it: remove a practice, paste codes to add, rename,
 * delete with a confirmation. A practice user sees only its size and whether its practice is in it.
 */
import { useEffect, useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { groupingDownloadUrl, useGrouping, useRemoveGroupingMember, type GroupingDetail, type GroupingMember } from '../api/groupings.js';
import { AddPracticesForm, DeleteGrouping, RenameForm } from '../groupings/GroupingEditors.js';
import { groupingsPath, type GroupingNotice } from '../groupings/shared.js';
import { formatDateTime } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function GroupingPage() {
  return (
    <RequirePermission permission="insight.view">
      <GroupingView />
    </RequirePermission>
  );
}
export default GroupingPage;

function GroupingView() {
  const id = Number(useParams().id);
  const grouping = useGrouping(id);
  const arrived = (useLocation().state as GroupingNotice | null)?.notice ?? null;
  const [done, setDone] = useState<string | null>(arrived);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(grouping.data?.name ?? 'Grouping', formErrors);

  if (!Number.isInteger(id) || id <= 0 || (grouping.isError && grouping.error instanceof ApiError && grouping.error.status === 404)) {
    return (
      <>
        <BackLink to={groupingsPath}>Groupings</BackLink>
        <h1>Grouping not found</h1>
        <p>There is no grouping at this address that you can see. It may have been deleted, or it may be someone else’s private grouping.</p>
      </>
    );
  }
  if (grouping.isPending) return <LoadingStatus>Loading the grouping…</LoadingStatus>;
  if (grouping.isError) return <ProblemMessage><p>The grouping could not be loaded. {grouping.error.message}</p></ProblemMessage>;
  const g = grouping.data;
  const announce = (message: string) => {
    setDone(message);
    setFormErrors(false);
  };

  return (
    <>
      <BackLink to={groupingsPath}>Groupings</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{g.kindLabel}</span>
      <h1>{g.name}</h1>
      <SummaryList rows={[
        { key: 'Practices', value: plural(g.memberCount, 'practice') },
        { key: 'Who can see it', value: g.shared ? 'Everyone who uses insight (practices see only its size)' : g.mine ? 'Only you' : `Only ${g.owner ?? 'its owner'}` },
        { key: 'Created', value: `By ${g.createdBy} on ${formatDateTime(g.createdAt)}` },
      ]} />
      {g.members === null ? <PracticeView grouping={g} /> : <Members grouping={g} members={g.members} onDone={announce} />}
      {g.canChange && (
        <>
          <AddPracticesForm grouping={g} onDone={announce} onErrorsChange={setFormErrors} />
          <RenameForm key={`${g.name}|${g.kind}`} grouping={g} onDone={announce} onErrorsChange={setFormErrors} />
          <DeleteGrouping grouping={g} />
        </>
      )}
    </>
  );
}

/** A practice sees peers only under pseudonyms in comparisons, so here only the size and its own membership. */
function PracticeView({ grouping: g }: { grouping: GroupingDetail }) {
  return (
    <p className="nhsuk-body-l">
      {g.includesOwnPractice ? 'Your practice is in this grouping.' : 'Your practice is not in this grouping.'} Comparisons show the other practices
      as rates under anonymous labels, not by name.
    </p>
  );
}

function Members({ grouping: g, members, onDone }: { grouping: GroupingDetail; members: GroupingMember[]; onDone: (message: string) => void }) {
  const remove = useRemoveGroupingMember();
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const removing = remove.isPending ? remove.variables?.practiceCode : null;
  const before = useRef(members.length);
  useEffect(() => {
    // After a removal the row (and its button) is gone: put focus somewhere sensible.
    if (members.length < before.current) heading.current?.focus();
    before.current = members.length;
  }, [members.length]);

  function takeOut(m: GroupingMember) {
    setProblem(null);
    remove.mutate({ id: g.id, practiceCode: m.practiceCode }, {
      onSuccess: () => onDone(`${m.practiceName} (${m.practiceCode}) taken out of the grouping.`),
      onError: (e) => setProblem(e.message),
    });
  }

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" ref={heading} tabIndex={-1}>Practices in this grouping</h2>
      {problem && <ErrorSummary errors={[{ text: problem }]} />}
      {members.length === 0 ? <p>There are no practices in this grouping yet.</p> : (
        <>
          <Table caption={`Practices in ${g.name}`} captionHidden scrollable>
            <TableHead>
              <HeaderCell>Practice</HeaderCell>
              <HeaderCell>Code</HeaderCell>
              <HeaderCell>Group</HeaderCell>
              {g.canChange && <HeaderCell><span className="nhsuk-u-visually-hidden">Remove</span></HeaderCell>}
            </TableHead>
            <TableBody>
              {members.map((m) => (
                <TableRow key={m.practiceCode}>
                  <Cell rowHeader>{m.practiceName}</Cell>
                  <Cell nowrap>{m.practiceCode}</Cell>
                  <Cell>{m.groupName}</Cell>
                  {g.canChange && (
                    <Cell nowrap>
                      <Button type="button" variant="secondary" small className="nhsuk-u-margin-bottom-0" disabled={remove.isPending} onClick={() => takeOut(m)}>
                        {removing === m.practiceCode ? 'Removing…' : 'Remove'}<span className="nhsuk-u-visually-hidden"> {m.practiceName}</span>
                      </Button>
                    </Cell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <ul className="nhsuk-list">
            <li><a className="nhsuk-link" href={groupingDownloadUrl(g.id, 'xlsx')} download>Download the practices (XLSX)</a></li>
            <li><a className="nhsuk-link" href={groupingDownloadUrl(g.id, 'csv')} download>Download the practices (CSV)</a></li>
          </ul>
        </>
      )}
    </section>
  );
}
