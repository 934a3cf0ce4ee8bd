/**
 * /portfolio: the locality's project portfolio (PLAN-6): each project with its benefits counted by
 * horizon (short, medium, long term) and status, the benefits past due and not realised flagged,
 * a chart of where the benefits stand, downloads, and a form to add a project (board and
 * commissioner). A practice sees its own group's portfolio; others choose a group.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useGroups } from '../api/hooks.js';
import {
  BENEFIT_HORIZONS, BENEFIT_STATUSES, BENEFIT_STATUS_LABELS, HORIZON_LABELS, PROJECT_STATUSES, PROJECT_STATUS_LABELS, portfolioDownloadUrl, useCreateProject, usePortfolio,
  type Portfolio, type ProjectStatus,
} from '../api/portfolio.js';
import { fromServer, summaryOf, type FieldErrors } from '../allowances/shared.js';
import { plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { ProjectStatusTag, projectPath } from '../plans/cases/shared.js';

export function PortfolioPage() {
  return (
    <RequirePermission permission="plan.read">
      <PortfolioView />
    </RequirePermission>
  );
}
export default PortfolioPage;

function PortfolioView() {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [search, setSearch] = useSearchParams();
  const group = isPractice ? '' : (search.get('group') ?? '');
  const found = usePortfolio(group);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Project portfolio', formErrors);

  return (
    <>
      <h1>Project portfolio</h1>
      <p className="nhsuk-lede-text">The locality’s pathway redesigns and other projects, and the benefits each should realise in the short, medium and long term.</p>
      {!isPractice && <GroupFilter key={group} group={group} onChange={(g) => setSearch(g ? { group: g } : {}, { preventScrollReset: true })} />}
      {found.isPending && <LoadingStatus>Loading the portfolio…</LoadingStatus>}
      {found.isError && <ProblemMessage><p>The portfolio could not be loaded. {found.error.message}</p></ProblemMessage>}
      {found.data && <PortfolioTables portfolio={found.data} />}
      {found.data && (
        <ul className="nhsuk-list">
          <li><a className="nhsuk-link" href={portfolioDownloadUrl('xlsx', group)} download>Download the portfolio (XLSX)</a></li>
          <li><a className="nhsuk-link" href={portfolioDownloadUrl('csv', group)} download>Download the portfolio (CSV)</a></li>
        </ul>
      )}
      {can(me, 'milestone.track') && <AddProject group={group} onErrorsChange={setFormErrors} />}
    </>
  );
}

function GroupFilter({ group, onChange }: { group: string; onChange: (group: string) => void }) {
  const groups = useGroups();
  const [value, setValue] = useState(group);
  return (
    <form className="app-inline-form" onSubmit={(e) => { e.preventDefault(); onChange(value); }} noValidate>
      <Select id="portfolio-group" label="Group" value={value} onChange={setValue}
        hint={groups.isError ? `The groups could not be loaded: ${groups.error.message}` : undefined}
        options={[{ value: '', text: 'All groups' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
      <Button variant="secondary">Show group</Button>
    </form>
  );
}

const STATUS_COLOURS: Record<(typeof BENEFIT_STATUSES)[number], string> = { expected: '#768692', on_track: '#005eb8', at_risk: '#ed8b00', realised: '#007f3b', not_realised: '#d5281b' };

function PortfolioTables({ portfolio: p }: { portfolio: Portfolio }) {
  const showGroup = !p.groupCode;
  const chartData = BENEFIT_HORIZONS.map((h) => ({
    horizon: HORIZON_LABELS[h],
    ...Object.fromEntries(BENEFIT_STATUSES.map((s) => [s, p.projects.reduce((n, project) => n + project.benefitList.filter((b) => b.horizon === h && b.status === s).length, 0)])),
  }));
  return (
    <>
      <LiveStatus>
        {p.projects.length
          ? `${plural(p.totals.projects, 'project')} with ${plural(p.totals.benefits, 'benefit')}; ${p.totals.pastDue} past due and not realised.`
          : 'There are no projects in this portfolio yet.'}
      </LiveStatus>
      {p.projects.length > 0 && (
        <Table caption="Projects and their benefits" captionHidden scrollable>
          <TableHead>
            <HeaderCell>Project</HeaderCell>
            {showGroup && <HeaderCell>Group</HeaderCell>}
            <HeaderCell>Status</HeaderCell>
            <HeaderCell>Lead</HeaderCell>
            {BENEFIT_HORIZONS.map((h) => <HeaderCell key={h} numeric>{HORIZON_LABELS[h]}</HeaderCell>)}
            <HeaderCell>Benefits</HeaderCell>
          </TableHead>
          <TableBody>
            {p.projects.map((project) => (
              <TableRow key={project.id}>
                <Cell rowHeader><Link className="nhsuk-link" to={projectPath(project.id)}>{project.name}</Link></Cell>
                {showGroup && <Cell>{project.groupName}</Cell>}
                <Cell><ProjectStatusTag status={project.status} label={project.statusLabel} /></Cell>
                <Cell>{project.lead || '—'}</Cell>
                {BENEFIT_HORIZONS.map((h) => <Cell key={h} numeric>{project.benefits.byHorizon[h]}</Cell>)}
                <Cell>
                  {BENEFIT_STATUSES.filter((s) => project.benefits.byStatus[s] > 0).map((s) => `${project.benefits.byStatus[s]} ${BENEFIT_STATUS_LABELS[s].toLowerCase()}`).join(', ') || 'None yet'}
                  {project.benefits.pastDue > 0 && <><br /><Tag colour="red">{`${project.benefits.pastDue} past due`}</Tag></>}
                </Cell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {p.totals.benefits > 0 && (
        <figure className="nhsuk-u-margin-0 nhsuk-u-margin-bottom-5">
          <figcaption className="nhsuk-heading-s">Benefits by horizon and status</figcaption>
          <div className="app-pyramid">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={chartData} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false} role="img"
                title="Benefits by horizon and status"
                desc={chartData.map((d) => `${d.horizon}: ${BENEFIT_STATUSES.map((s) => `${(d as Record<string, unknown>)[s] as number} ${BENEFIT_STATUS_LABELS[s].toLowerCase()}`).join(', ')}`).join('. ')}>
                <CartesianGrid vertical={false} stroke="#d8dde0" />
                <XAxis dataKey="horizon" tick={{ fill: '#212b32' }} stroke="#212b32" />
                <YAxis allowDecimals={false} width={40} tick={{ fill: '#212b32' }} stroke="#212b32" />
                <Tooltip />
                <Legend />
                {BENEFIT_STATUSES.map((s) => <Bar key={s} dataKey={s} name={BENEFIT_STATUS_LABELS[s]} stackId="status" fill={STATUS_COLOURS[s]} isAnimationActive={false} />)}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
    </>
  );
}

type ProjectField = 'groupCode' | 'name' | 'lead' | 'description' | 'status';
const IDS: Record<ProjectField, string> = { groupCode: 'project-group', name: 'project-name', lead: 'project-lead', description: 'project-description', status: 'project-status' };

function AddProject({ group, onErrorsChange }: { group: string; onErrorsChange: (has: boolean) => void }) {
  const groups = useGroups();
  const create = useCreateProject();
  const navigate = useNavigate();
  const [values, setValues] = useState({ groupCode: group, name: '', lead: '', description: '', status: 'proposed' as ProjectStatus });
  const [errors, setErrors] = useState<FieldErrors<ProjectField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, IDS, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: FieldErrors<ProjectField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<ProjectField> = {};
    if (!values.groupCode) found.groupCode = 'Select the group whose project it is';
    if (!values.name.trim()) found.name = 'Enter the project’s name';
    show(found, null);
    if (Object.keys(found).length) return;
    create.mutate({ groupCode: values.groupCode, name: values.name.trim(), lead: values.lead.trim(), description: values.description.trim(), status: values.status, businessCaseId: null, startedOn: null }, {
      onSuccess: (created) => navigate(projectPath(created.id)),
      onError: (error) => {
        const mapped = fromServer(error, Object.keys(IDS) as ProjectField[]);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <section aria-labelledby="add-project">
      <h2 id="add-project">Add a project</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        <Select id={IDS.groupCode} label="Group" value={values.groupCode} error={errors.groupCode} onChange={set('groupCode')}
          options={[{ value: '', text: 'Choose a group' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
        <TextInput id={IDS.name} label="Name" hint="For example, Community audiology." width={30} maxLength={200} value={values.name} error={errors.name} onChange={(e) => set('name')(e.target.value)} />
        <TextInput id={IDS.lead} label="Lead (optional)" width={30} maxLength={200} value={values.lead} error={errors.lead} onChange={(e) => set('lead')(e.target.value)} />
        <Textarea id={IDS.description} label="Description (optional)" rows={3} maxLength={20000} value={values.description} error={errors.description} onChange={(e) => set('description')(e.target.value)} />
        <Select id={IDS.status} label="Status" value={values.status} error={errors.status} onChange={set('status')}
          options={PROJECT_STATUSES.map((s) => ({ value: s, text: PROJECT_STATUS_LABELS[s] }))} />
        <Button disabled={create.isPending}>{create.isPending ? 'Adding…' : 'Add project'}</Button>
      </form>
    </section>
  );
}
