/** /organisations: groups, the practices table, and the whole population pyramid. */
import { useGroups, usePopulation, usePractices } from '../api/hooks.js';
import { useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { useScrollToHash } from '../layout/useScrollToHash.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { GroupsTable } from '../organisations/GroupsTable.js';
import { PopulationSection, usePeriodParam } from '../organisations/PopulationSection.js';
import { PracticesTable } from '../organisations/PracticesTable.js';

export function OrganisationsPage() {
  usePageTitle('Organisations');
  const me = useCurrentUser();
  const groups = useGroups();
  const practices = usePractices();
  const [period, setPeriod] = usePeriodParam();
  const population = usePopulation(period);
  useScrollToHash(groups.isSuccess && practices.isSuccess && population.isSuccess);
  const commissioner = groups.data?.[0]?.commissionerName;

  return (
    <>
      <h1>Organisations</h1>
      <p className="nhsuk-lede-text">
        {me.role === 'practice' ? 'Your practice and its group.' : `The groups and practices of ${commissioner ?? 'the commissioner'}, with their registered populations.`}
      </p>

      <section aria-labelledby="groups">
        <h2 id="groups">Groups</h2>
        {groups.isPending && <LoadingStatus>Loading groups…</LoadingStatus>}
        {groups.isError && <ProblemMessage><p>The groups could not be loaded. {groups.error.message}</p></ProblemMessage>}
        {groups.isSuccess && (groups.data.length ? <GroupsTable groups={groups.data} /> : <p>No groups yet: they are created when practices are imported.</p>)}
      </section>

      <section aria-labelledby="practices">
        <h2 id="practices">Practices</h2>
        {practices.isPending && <LoadingStatus>Loading practices…</LoadingStatus>}
        {practices.isError && <ProblemMessage><p>The practices could not be loaded. {practices.error.message}</p></ProblemMessage>}
        {practices.isSuccess && (practices.data.length ? <PracticesTable practices={practices.data} /> : <p>No practices have been imported yet.</p>)}
      </section>

      <PopulationSection
        headingId="population"
        query={population}
        subject={me.role === 'practice' ? (me.practiceName ?? 'your practice') : (commissioner ?? 'all practices')}
        onPeriodChange={setPeriod}
      />
    </>
  );
}
