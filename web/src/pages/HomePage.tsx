/** /: what Commissioning Hub holds so far, each card leading to its page. */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useGroups, usePopulation, usePractices, useProviders } from '../api/hooks.js';
import { useNotifications, useWorklistCounts } from '../api/referrals.js';
import type { WorklistName } from '../api/types.js';
import type { Practice } from '../api/types.js';
import { formatDate } from '../format/dates.js';
import { formatCount, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Card, CardGroup } from '../nhsuk/Card.js';
import { WORKLIST_LABELS, inWorklistOrder } from '../referrals/labels.js';

export function HomePage() {
  usePageTitle('Home');
  const me = useCurrentUser();
  const canRead = can(me, 'org.read');
  return (
    <>
      <h1>Home</h1>
      <p className="nhsuk-lede-text">Welcome, {me.displayName}.</p>
      {can(me, 'insight.view') && <p className="nhsuk-body"><Link className="nhsuk-link" to="/dashboard">See the dashboard: budget, activity, referrals, challenges and milestones at a glance</Link></p>}
      {(can(me, 'referral.triage') || can(me, 'referral.book')) && <WorklistCards />}
      {can(me, 'referral.submit') && <ReferralCards />}
      {canRead && (me.role === 'practice' ? <><h2>Your practice</h2><PracticeCards /></> : <><h2>{can(me, 'referral.triage') || can(me, 'referral.book') ? 'The locality' : 'At a glance'}</h2><CommissionerCards /></>)}
      {!canRead && <p>There is nothing for your account to see here yet.</p>}
    </>
  );
}

/** Reviewers and the referral centre: how much is on each of their worklists. */
function WorklistCards() {
  const counts = useWorklistCounts();
  return (
    <>
      <h2>Your worklists</h2>
      {counts.isPending && <p role="status">Loading…</p>}
      {counts.isError && <p>Your worklists are not available: {counts.error.message}</p>}
      {counts.isSuccess && counts.data.length > 0 && (
        <CardGroup columns={3}>
          {inWorklistOrder(counts.data).map((l) => (
            <Card key={l.name} heading={WORKLIST_LABELS[l.name as WorklistName] ?? l.label} headingLevel={3} to={`/worklists/${l.name}`}
              description={<Figure value={l.count} text={l.count === 1 ? 'referral' : 'referrals'} />} />
          ))}
        </CardGroup>
      )}
    </>
  );
}

/** Practices: send a referral, and see what has happened to theirs. */
function ReferralCards() {
  const notifications = useNotifications();
  return (
    <>
      <h2>Referrals</h2>
      <CardGroup>
        <Card heading="Refer a patient" headingLevel={3} to="/referrals/new" description="Send a referral through the gateway: it is checked against the specialty’s pathway and triaged by a GP reviewer." />
        <Card heading="Our referrals" headingLevel={3} to="/referrals" description={stat(notifications, (n) => (
          n.unread > 0 ? <Figure value={n.unread} text={n.unread === 1 ? 'new update' : 'new updates'} /> : 'No new updates on your referrals.'
        ))} />
      </CardGroup>
    </>
  );
}

function CommissionerCards() {
  const groups = useGroups();
  const practices = usePractices();
  const providers = useProviders();
  const population = usePopulation(null);
  const total = population.data?.bands.reduce((sum, b) => sum + b.male + b.female, 0) ?? 0;
  return (
    <CardGroup>
      <Card headingLevel={3} heading="Groups" to="/organisations#groups" description={stat(groups, (g) => <Figure value={g.length} text={`localities, consortia and federations`} />)} />
      <Card headingLevel={3} heading="Practices" to="/organisations#practices" description={stat(practices, (p) => <Figure value={p.length} text={`practices in ${plural(new Set(p.map((x) => x.groupCode)).size, 'group')}`} />)} />
      <Card headingLevel={3} heading="Providers" to="/providers" description={stat(providers, (p) => <Figure value={p.length} text="hospitals and other providers" />)} />
      <Card headingLevel={3} heading="Registered population" to="/organisations#population" description={stat(population, (p) => (
        p.period ? <Figure value={total} text={`patients registered at ${formatDate(p.period)}`} /> : 'No registered population has been imported yet.'
      ))} />
    </CardGroup>
  );
}

function PracticeCards() {
  const practices = usePractices();
  const providers = useProviders();
  const practice: Practice | undefined = practices.data?.[0];
  return (
    <CardGroup>
      {practice
        ? <Card headingLevel={3} heading={practice.name} to={`/organisations/practices/${practice.code}`} description={<Figure value={practice.listSize} text={practice.listSizePeriod ? `patients registered at ${formatDate(practice.listSizePeriod)}` : 'patients registered'} />} />
        : <Card headingLevel={3} heading="Your practice" description={stat(practices, () => 'Your practice was not found.')} />}
      <Card headingLevel={3} heading="Providers" to="/providers" description={stat(providers, (p) => <Figure value={p.length} text="hospitals and other providers" />)} />
    </CardGroup>
  );
}

function Figure({ value, text }: { value: number; text: string }) {
  return <><span className="app-figure">{formatCount(value)}</span> {text}</>;
}

function stat<T>(query: UseQueryResult<T>, render: (data: T) => ReactNode): ReactNode {
  if (query.isPending) return <span role="status">Loading…</span>;
  if (query.isError) return `Not available: ${query.error.message}`;
  return render(query.data);
}
