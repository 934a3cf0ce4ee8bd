/** /: what Commissioning Hub holds so far, each card leading to its page. */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useGroups, usePopulation, usePractices, useProviders } from '../api/hooks.js';
import type { Practice } from '../api/types.js';
import { formatDate } from '../format/dates.js';
import { formatCount, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Card, CardGroup } from '../nhsuk/Card.js';

export function HomePage() {
  usePageTitle('Home');
  const me = useCurrentUser();
  const canRead = can(me, 'org.read');
  return (
    <>
      <h1>Home</h1>
      <p className="nhsuk-lede-text">Welcome, {me.displayName}.</p>
      {canRead && (me.role === 'practice' ? <PracticeCards /> : <CommissionerCards />)}
      {!canRead && <p>There is nothing for your account to see here yet.</p>}
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
      <Card heading="Groups" to="/organisations#groups" description={stat(groups, (g) => <Figure value={g.length} text={`localities, consortia and federations`} />)} />
      <Card heading="Practices" to="/organisations#practices" description={stat(practices, (p) => <Figure value={p.length} text={`practices in ${plural(new Set(p.map((x) => x.groupCode)).size, 'group')}`} />)} />
      <Card heading="Providers" to="/providers" description={stat(providers, (p) => <Figure value={p.length} text="hospitals and other providers" />)} />
      <Card heading="Registered population" to="/organisations#population" description={stat(population, (p) => (
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
        ? <Card heading={practice.name} to={`/organisations/practices/${practice.code}`} description={<Figure value={practice.listSize} text={practice.listSizePeriod ? `patients registered at ${formatDate(practice.listSizePeriod)}` : 'patients registered'} />} />
        : <Card heading="Your practice" description={stat(practices, () => 'Your practice was not found.')} />}
      <Card heading="Providers" to="/providers" description={stat(providers, (p) => <Figure value={p.length} text="hospitals and other providers" />)} />
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
