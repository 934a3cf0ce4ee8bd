/** /organisations/practices/:code: one practice, its list size and its population pyramid. */
import { useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { usePractice, usePracticePopulation } from '../api/hooks.js';
import { formatDate } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { PopulationSection, usePeriodParam } from '../organisations/PopulationSection.js';
import { NotFoundContent } from './NotFoundPage.js';

export function PracticePage() {
  const code = (useParams().code ?? '').toUpperCase();
  const practice = usePractice(code);
  const [period, setPeriod] = usePeriodParam();
  const population = usePracticePopulation(code, period);
  const notFound = practice.error instanceof ApiError && (practice.error.status === 404 || practice.error.status === 403);
  usePageTitle(practice.data ? practice.data.name : notFound ? 'Page not found' : `Practice ${code}`);

  if (notFound) return <NotFoundContent />;
  return (
    <>
      <BackLink to="/organisations">Back to organisations</BackLink>
      {practice.isPending && (
        <>
          <h1>Practice {code}</h1>
          <LoadingStatus>Loading the practice…</LoadingStatus>
        </>
      )}
      {practice.isError && (
        <>
          <h1>Practice {code}</h1>
          <ProblemMessage><p>The practice could not be loaded. {practice.error.message}</p></ProblemMessage>
        </>
      )}
      {practice.isSuccess && (
        <>
          <span className="nhsuk-caption-l">Practice {practice.data.code}</span>
          <h1>{practice.data.name}</h1>
          <SummaryList rows={[
            { key: 'Code', value: practice.data.code },
            { key: 'Name', value: practice.data.name },
            { key: 'Postcode', value: practice.data.postcode },
            { key: 'Group', value: practice.data.groupName },
            { key: 'List size', value: practice.data.listSizePeriod ? `${formatCount(practice.data.listSize)} at ${formatDate(practice.data.listSizePeriod)}` : 'No registered population imported yet' },
          ]} />
          <PopulationSection headingId="population" query={population} subject={practice.data.name} onPeriodChange={setPeriod} />
        </>
      )}
    </>
  );
}
