/**
 * /ae-audits/:id: one A&E audit sheet (REF-10) as a table, with the form to add an attendance, to
 * change or remove one (`?entry=` in the address) while the audit is open, and to complete it. The
 * practice sees its patients by NHS number; the commissioner and the board see pseudonyms. Every
 * view is recorded by the server.
 */
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  useAddAeEntry, useAeAudit, useCompleteAeAudit, useDeleteAeEntry, useUpdateAeEntry, type AeAuditEntry, type AeAuditSheet,
} from '../api/ae-audits.js';
import { EntryForm } from '../ae-audits/EntryForm.js';
import { formatAttendance, longDate } from '../ae-audits/rules.js';
import { formatDateTime } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { AuditStatusTag } from './AeAuditsPage.js';
import { NotFoundContent } from './NotFoundPage.js';

export function AeAuditPage() {
  return (
    <RequirePermission permission={['aeaudit.view', 'aeaudit.record']}>
      <AeAudit />
    </RequirePermission>
  );
}
export default AeAuditPage;

const SEX = { M: 'Male', F: 'Female' } as const;
const COULD_SEE = { yes: 'Yes', no: 'No', unsure: 'Unsure' } as const;

function AeAudit() {
  const id = Number(useParams().id);
  const audit = useAeAudit(id);
  const notFound = !Number.isInteger(id) || id <= 0 || (audit.error instanceof ApiError && audit.error.status === 404);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(audit.data ? audit.data.title : notFound ? 'Page not found' : 'A&E audit', formErrors);

  if (notFound) return <NotFoundContent />;
  if (audit.isPending) return <><h1>A&amp;E audit</h1><LoadingStatus>Loading the audit…</LoadingStatus></>;
  if (audit.isError) return <><h1>A&amp;E audit</h1><ProblemMessage><p>The audit could not be loaded. {audit.error.message}</p></ProblemMessage></>;
  return <Sheet sheet={audit.data} onErrorsChange={setFormErrors} />;
}

function Sheet({ sheet, onErrorsChange }: { sheet: AeAuditSheet; onErrorsChange: (has: boolean) => void }) {
  const me = useCurrentUser();
  const owner = me.role === 'practice' && me.practiceCode === sheet.practiceCode;
  const editable = owner && sheet.status === 'open';
  const [search, setSearch] = useSearchParams();
  const editing = editable ? sheet.entries.find((e) => e.id === Number(search.get('entry'))) ?? null : null;
  const [done, setDone] = useState<string | null>(null);
  const add = useAddAeEntry(sheet.id);
  const update = useUpdateAeEntry(sheet.id);
  const period = { start: sheet.periodStart, end: sheet.periodEnd };
  const closeEditor = () => setSearch({}, { preventScrollReset: true });

  return (
    <>
      <BackLink to="/ae-audits">Back to A&amp;E audits</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{sheet.practiceName} ({sheet.practiceCode})</span>
      <h1>{sheet.title}</h1>
      <SummaryList rows={[
        { key: 'Period', value: `${longDate(sheet.periodStart)} to ${longDate(sheet.periodEnd)}` },
        { key: 'Status', value: <AuditStatusTag status={sheet.status} /> },
        { key: 'Attendances', value: String(sheet.entries.length) },
        { key: 'Started', value: `By ${sheet.createdBy} on ${formatDateTime(sheet.createdAt)}` },
        ...(sheet.completedAt ? [{ key: 'Completed', value: `By ${sheet.completedBy ?? ''} on ${formatDateTime(sheet.completedAt)}` }] : []),
      ]} />
      <InsetText>
        {owner
          ? <p>You see your patients’ NHS numbers. Every view of this sheet is recorded.</p>
          : <p>Patients are shown as pseudonyms (P-…): only their practice sees who they are.</p>}
      </InsetText>

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Attendances</h2>
        {sheet.entries.length === 0
          ? <p>No attendances recorded yet.</p>
          : <EntriesTable sheet={sheet} editable={editable} editingId={editing?.id ?? null} onDeleted={(message) => { setDone(message); closeEditor(); }} />}
      </section>

      {editing && (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">Change the attendance of {formatAttendance(editing.attendedAt)}</h2>
          <EntryForm key={editing.id} period={period} choices={sheet.choices} entry={editing} pending={update.isPending} onErrorsChange={onErrorsChange}
            onCancel={closeEditor}
            onSave={(input) => update.mutateAsync({ id: editing.id, ...input }).then((saved) => { setDone(`Attendance of ${formatAttendance(saved.attendedAt)} changed.`); closeEditor(); })} />
        </section>
      )}

      {editable && !editing && (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">Add an attendance</h2>
          <EntryForm period={period} choices={sheet.choices} pending={add.isPending} onErrorsChange={onErrorsChange}
            onSave={(input) => add.mutateAsync(input).then((saved) => setDone(`Attendance of ${formatAttendance(saved.attendedAt)} added (${saved.inHours ? 'in hours' : 'out of hours'}).`))} />
        </section>
      )}

      {editable && <CompleteForm sheet={sheet} onDone={setDone} />}
      {owner && sheet.status === 'completed' && <p>This audit is completed, so it can no longer be changed.</p>}
    </>
  );
}

function EntriesTable({ sheet, editable, editingId, onDeleted }: { sheet: AeAuditSheet; editable: boolean; editingId: number | null; onDeleted: (message: string) => void }) {
  const remove = useDeleteAeEntry(sheet.id);
  const [problem, setProblem] = useState<string | null>(null);
  const removeEntry = (e: AeAuditEntry) => {
    setProblem(null);
    remove.mutate(e.id, {
      onSuccess: () => onDeleted(`Attendance of ${formatAttendance(e.attendedAt)} removed.`),
      onError: (error) => setProblem(error.message),
    });
  };
  return (
    <>
      {problem && <ErrorSummary errors={[{ text: problem }]} />}
      <Table caption={`${plural(sheet.entries.length, 'attendance')} audited`} captionHidden scrollable>
        <TableHead>
          <HeaderCell>Patient</HeaderCell>
          <HeaderCell>Attended</HeaderCell>
          <HeaderCell>Age and sex</HeaderCell>
          <HeaderCell>Reason</HeaderCell>
          <HeaderCell>Primary care could have seen</HeaderCell>
          <HeaderCell>Outcome</HeaderCell>
          <HeaderCell>Notes</HeaderCell>
          {editable && <HeaderCell><span className="nhsuk-u-visually-hidden">Actions</span></HeaderCell>}
        </TableHead>
        <TableBody>
          {sheet.entries.map((e) => (
            <TableRow key={e.id}>
              <Cell rowHeader nowrap>{e.patient}</Cell>
              <Cell>
                {formatAttendance(e.attendedAt)}<br />
                {e.inHours ? <Tag colour="white">In hours</Tag> : <Tag colour="grey">Out of hours</Tag>}
              </Cell>
              <Cell nowrap>{e.ageBand}, {SEX[e.sex]}</Cell>
              <Cell>{e.reason}</Cell>
              <Cell>{COULD_SEE[e.primaryCareCouldSee]}</Cell>
              <Cell>{e.outcomeLabel}</Cell>
              <Cell>{e.notes}</Cell>
              {editable && (
                <Cell nowrap>
                  {e.id === editingId ? <span className="app-secondary">Being changed</span> : (
                    <>
                      <Link className="nhsuk-link" to={`?entry=${e.id}`} preventScrollReset>Change<span className="nhsuk-u-visually-hidden"> the attendance of {formatAttendance(e.attendedAt)}</span></Link>
                      <br />
                      <Button type="button" variant="warning" small className="app-table-button nhsuk-u-margin-top-2" disabled={remove.isPending} onClick={() => removeEntry(e)}>
                        Remove<span className="nhsuk-u-visually-hidden"> the attendance of {formatAttendance(e.attendedAt)}</span>
                      </Button>
                    </>
                  )}
                </Cell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function CompleteForm({ sheet, onDone }: { sheet: AeAuditSheet; onDone: (message: string) => void }) {
  const complete = useCompleteAeAudit(sheet.id);
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    complete.mutate(undefined, {
      onSuccess: () => onDone('Audit completed. It is now read-only and counts in the summary.'),
      onError: (error) => setProblem(error.message),
    });
  }
  return (
    <section aria-labelledby="complete-heading">
      <h2 id="complete-heading">Complete the audit</h2>
      <form onSubmit={submit} noValidate>
        {problem && <ErrorSummary errors={[{ text: problem }]} />}
        <p>When every attendance is recorded, complete the audit. It can then no longer be changed, and it counts in the summary.</p>
        <Button variant="secondary" disabled={complete.isPending || sheet.entries.length === 0}>{complete.isPending ? 'Completing…' : 'Complete audit'}</Button>
      </form>
    </section>
  );
}
