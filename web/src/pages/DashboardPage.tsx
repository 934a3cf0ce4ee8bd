/**
 * /dashboard?level=practice|group|commissioner&code=: a practice's, a group's or the commissioner's
 * position at a glance (INFO-1): budget, activity against plan, referrals and triage, challenges,
 * plan milestones and (group, commissioner) change alerts, each tile leading to its detail. A
 * practice user sees its own practice's; everyone else chooses the level and who.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DASHBOARD_LEVELS, useDashboard, type DashboardLevel } from '../api/dashboard.js';
import { useGroups, usePractices } from '../api/hooks.js';
import { DashboardTile } from '../dashboard/DashboardTile.js';
import { formatDate } from '../format/dates.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';

export function DashboardPage() {
  return (
    <RequirePermission permission="insight.view">
      <DashboardView />
    </RequirePermission>
  );
}
export default DashboardPage;

const LEVEL_LABELS: Record<DashboardLevel, string> = { practice: 'A practice', group: 'A group', commissioner: 'The commissioner' };
const isLevel = (v: string | null): v is DashboardLevel => (DASHBOARD_LEVELS as readonly string[]).includes(v ?? '');

function DashboardView() {
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const isPractice = me.role === 'practice';
  // A practice user has one dashboard: its own practice's.
  const level: DashboardLevel = isPractice ? 'practice' : isLevel(search.get('level')) ? search.get('level') as DashboardLevel : 'commissioner';
  const code = isPractice ? me.practiceCode : level === 'commissioner' ? (search.get('code') || null) : (search.get('code') || null);
  const dashboard = useDashboard(level, code);
  const d = dashboard.data;
  const title = d ? `Dashboard: ${d.name}` : 'Dashboard';
  usePageTitle(title);

  return (
    <>
      <h1>{title}</h1>
      {d && (
        <p className="nhsuk-lede-text">
          {d.level === 'practice' ? 'Practice' : d.level === 'group' ? 'Group' : 'Commissioner'} {d.code}, {d.year}, as at {formatDate(d.today)}.
          {d.parent && !isPractice && <> Part of <Link className="nhsuk-link" to={`/dashboard?level=${d.parent.level}${d.parent.level === 'commissioner' ? '' : `&code=${encodeURIComponent(d.parent.code)}`}`}>{d.parent.name}</Link>.</>}
        </p>
      )}
      {d?.level === 'practice' && (
        // A link on its own, not inside a sentence: within text it would need more than colour to stand out (WCAG 1.4.1).
        <p><Link className="nhsuk-link" to={`/insight/practices/${encodeURIComponent(d.code)}/feedback`}>See the monthly feedback pack of {d.name}</Link></p>
      )}
      {!isPractice && <Chooser level={level} code={code} onChoose={(l, c) => setSearch(l === 'commissioner' ? { level: l } : { level: l, code: c ?? '' })} />}
      {level !== 'commissioner' && !code && <p>Choose {level === 'practice' ? 'a practice' : 'a group'} to see its dashboard.</p>}
      {dashboard.isPending && dashboard.fetchStatus !== 'idle' && <LoadingStatus />}
      {dashboard.isError && <ProblemMessage>The dashboard is not available: {dashboard.error.message}</ProblemMessage>}
      {d && (
        <ul className="nhsuk-grid-row nhsuk-card-group app-dashboard" aria-label={`Tiles of ${d.name}'s dashboard`}>
          {d.tiles.map((tile) => (
            <li key={tile.key} className="nhsuk-grid-column-one-half nhsuk-card-group__item"><DashboardTile tile={tile} /></li>
          ))}
        </ul>
      )}
    </>
  );
}

function Chooser({ level, code, onChoose }: { level: DashboardLevel; code: string | null; onChoose: (level: DashboardLevel, code: string | null) => void }) {
  const [v, setV] = useState({ level, code: code ?? '' });
  const practices = usePractices();
  const groups = useGroups();
  const options = v.level === 'practice'
    ? (practices.data ?? []).map((p) => ({ value: p.code, text: `${p.name} (${p.code})` }))
    : (groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChoose(v.level, v.level === 'commissioner' ? null : v.code || options[0]?.value || null);
  };
  return (
    <form className="app-inline-form" onSubmit={submit} aria-label="Choose a dashboard">
      <Select id="dashboard-level" label="Dashboard of" value={v.level} onChange={(l) => setV({ level: l as DashboardLevel, code: '' })}
        options={DASHBOARD_LEVELS.map((l) => ({ value: l, text: LEVEL_LABELS[l] }))} />
      {v.level !== 'commissioner' && (
        <Select id="dashboard-code" label={v.level === 'practice' ? 'Practice' : 'Group'} value={v.code || options[0]?.value || ''} onChange={(c) => setV((x) => ({ ...x, code: c }))} options={options} />
      )}
      <Button type="submit" variant="secondary">Show dashboard</Button>
    </form>
  );
}
