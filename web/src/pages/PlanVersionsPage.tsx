/**
 * /plans/:id/versions: every version of a plan sent for sign-off (with the signatures, or why it
 * was withdrawn), each readable as frozen (?read=N), and a comparison of any two, or of a version
 * and the draft (?from=1&to=draft): insertions and deletions marked, and the business cases and
 * milestones added, removed or changed.
 */
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { planPaths, usePlan, usePlanVersion, usePlanVersions, useComparison, type Comparison, type PlanVersion, type VersionRef } from '../api/plans.js';
import { formatDateTime } from '../format/dates.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { DiffText } from '../plans/DiffText.js';
import { FiguresTable } from '../plans/FiguresTable.js';
import { PlanDocument } from '../plans/PlanDocument.js';
import { VersionStatusTag } from '../plans/PlanTags.js';

export default function PlanVersionsPage() {
  return (
    <RequirePermission permission="plan.read">
      <Versions />
    </RequirePermission>
  );
}
export { PlanVersionsPage };

const parseRef = (value: string | null): VersionRef | null => (value === 'draft' ? 'draft' : Number(value) > 0 ? Number(value) : null);
const refLabel = (ref: VersionRef) => (ref === 'draft' ? 'the draft' : `version ${ref}`);

function Versions() {
  const planId = Number(useParams().id);
  const plan = usePlan(planId);
  const versions = usePlanVersions(planId);
  const [search, setSearch] = useSearchParams();
  const read = parseRef(search.get('read'));
  const from = parseRef(search.get('from'));
  const to = parseRef(search.get('to'));
  const title = plan.data?.plan.title ?? 'the plan';
  usePageTitle(`Versions of ${title}`);
  const go = (params: Record<string, string>) => setSearch(new URLSearchParams(params), { preventScrollReset: true });

  return (
    <>
      <p><Link className="nhsuk-link" to={planPaths.plan(planId)}>Back to the plan</Link></p>
      <h1>Versions of {title}</h1>
      {versions.isPending && <LoadingStatus>Loading the versions…</LoadingStatus>}
      {versions.isError && <ProblemMessage><p>The versions could not be loaded. {versions.error.message}</p></ProblemMessage>}
      {versions.data && (
        <>
          <LiveStatus>{versions.data.length ? `${versions.data.length} version${versions.data.length === 1 ? '' : 's'} sent for sign-off.` : 'No version has been sent for sign-off yet: there is only the draft.'}</LiveStatus>
          {versions.data.length > 0 && <VersionsTable versions={versions.data} readLink={(v) => `?read=${v}`} />}
          {versions.data.length > 0 && (
            <CompareForm key={`${from}-${to}`} versions={versions.data} hasDraft={plan.data?.plan.status === 'draft'} from={from} to={to}
              onCompare={(f, t) => go({ from: String(f), to: String(t) })} />
          )}
        </>
      )}
      {read !== null && read !== 'draft' && <FrozenVersionView planId={planId} version={read} />}
      {from !== null && to !== null && <ComparisonView planId={planId} from={from} to={to} />}
    </>
  );
}

function VersionsTable({ versions, readLink }: { versions: PlanVersion[]; readLink: (version: number) => string }) {
  return (
    <Table caption="Versions" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Version</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell>Sent</HeaderCell>
        <HeaderCell>Signatures, or why withdrawn</HeaderCell>
        <HeaderCell><span className="nhsuk-u-visually-hidden">Read</span></HeaderCell>
      </TableHead>
      <TableBody>
        {versions.map((v) => (
          <TableRow key={v.version}>
            <Cell rowHeader>{v.version}</Cell>
            <Cell><VersionStatusTag status={v.status} /></Cell>
            <Cell>{formatDateTime(v.sentAt)}<br /><span className="nhsuk-body-s app-secondary">by {v.sentBy}</span></Cell>
            <Cell>
              {v.status === 'withdrawn'
                ? `Withdrawn by ${v.withdrawnBy ?? 'someone'}${v.withdrawnAt ? ` on ${formatDateTime(v.withdrawnAt)}` : ''}: ${v.withdrawnReason ?? ''}`
                : v.signatures.length
                  ? <ul className="nhsuk-list">{v.signatures.map((s) => <li key={s.roleCode}>{s.label}: {s.signedName}, {formatDateTime(s.signedAt)}</li>)}</ul>
                  : 'No signatures yet'}
            </Cell>
            <Cell nowrap><Link className="nhsuk-link" to={readLink(v.version)}>Read<span className="nhsuk-u-visually-hidden"> version {v.version}</span></Link></Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function CompareForm({ versions, hasDraft, from, to, onCompare }: { versions: PlanVersion[]; hasDraft: boolean; from: VersionRef | null; to: VersionRef | null; onCompare: (from: VersionRef, to: VersionRef) => void }) {
  const options = [...versions.map((v) => ({ value: String(v.version), text: `Version ${v.version}` })), ...(hasDraft ? [{ value: 'draft', text: 'The draft now' }] : [])];
  const last = options.at(-1)?.value ?? '';
  const [a, setA] = useState(String(from ?? options.at(-2)?.value ?? last));
  const [b, setB] = useState(String(to ?? last));
  function submit(event: FormEvent) {
    event.preventDefault();
    onCompare(parseRef(a)!, parseRef(b)!);
  }
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare two versions</h2>
      <form className="app-inline-form" onSubmit={submit} noValidate>
        <Select id="compare-from" label="From" value={a} onChange={setA} options={options} />
        <Select id="compare-to" label="To" value={b} onChange={setB} options={options} />
        <Button variant="secondary">Compare</Button>
      </form>
    </section>
  );
}

function FrozenVersionView({ planId, version }: { planId: number; version: number }) {
  const frozen = usePlanVersion(planId, version);
  if (frozen.isPending) return <LoadingStatus>Loading the version…</LoadingStatus>;
  if (frozen.isError) return <ProblemMessage><p>Version {version} could not be loaded. {frozen.error.message}</p></ProblemMessage>;
  const { snapshot, figures } = frozen.data;
  const { sections, plan: _plan, ...live } = snapshot;
  return (
    <section aria-labelledby="frozen-heading">
      <h2 id="frozen-heading">Version {version} as sent for sign-off</h2>
      <p><VersionStatusTag status={frozen.data.status} /> Read-only: this is the version as it was frozen on {formatDateTime(frozen.data.sentAt)}, with its figures.</p>
      <PlanDocument planId={planId} sections={sections} live={live} figures={figures} />
      <FiguresTable figures={figures} caption={`Figures as frozen in version ${version}`} />
    </section>
  );
}

const CHANGE_LABELS = { changed: 'Changed', added: 'Added', removed: 'Removed', unchanged: 'Unchanged' } as const;
const CHANGE_COLOURS = { changed: 'yellow', added: 'green', removed: 'red', unchanged: 'grey' } as const;

function ComparisonView({ planId, from, to }: { planId: number; from: VersionRef; to: VersionRef }) {
  const comparison = useComparison(planId, { from, to });
  if (comparison.isPending) return <LoadingStatus>Comparing…</LoadingStatus>;
  if (comparison.isError) return <ProblemMessage><p>The versions could not be compared. {comparison.error.message}</p></ProblemMessage>;
  const c: Comparison = comparison.data;
  const shown = c.sections.filter((s) => s.change !== 'unchanged');
  const unchanged = c.sections.length - shown.length;
  return (
    <section aria-labelledby="comparison-heading">
      <h2 id="comparison-heading">From {refLabel(from)} to {refLabel(to)}</h2>
      <LiveStatus>
        {`${c.summary.sectionsChanged} section${c.summary.sectionsChanged === 1 ? '' : 's'} changed, ${c.summary.sectionsAdded} added, ${c.summary.sectionsRemoved} removed; ${unchanged} unchanged.`}
      </LiveStatus>
      <p className="nhsuk-body-s">Inserted words are underlined and deleted words struck through; screen readers announce each as inserted or deleted.</p>
      {shown.map((s) => (
        <section key={s.key} aria-labelledby={`diff-${s.key}`}>
          <h3 id={`diff-${s.key}`}>{s.key} {s.title} <Tag colour={CHANGE_COLOURS[s.change]}>{CHANGE_LABELS[s.change]}</Tag></h3>
          {s.otherChanges.length > 0 && <p>Also changed: {s.otherChanges.join(', ')}.</p>}
          <DiffText parts={s.body} />
        </section>
      ))}
      <h3>Business cases</h3>
      <ItemChanges items={c.businessCases} none="No business case was added, removed or changed." />
      <h3>Milestones</h3>
      <ItemChanges items={c.milestones} none="No milestone was added, removed or changed." />
    </section>
  );
}

function ItemChanges({ items, none }: { items: Comparison['businessCases']; none: string }) {
  if (!items.length) return <p>{none}</p>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet">
      {items.map((i) => (
        <li key={`${i.change}-${i.id}`}>
          <Tag colour={CHANGE_COLOURS[i.change]}>{CHANGE_LABELS[i.change]}</Tag> {i.title}{i.fields.length ? `: ${i.fields.join(', ')}` : ''}
        </li>
      ))}
    </ul>
  );
}
