/** A registered population: period picker, pyramid chart, and the numbers behind it. */
import { useSearchParams } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Pyramid } from '../api/types.js';
import { formatDate } from '../format/dates.js';
import { formatCount } from '../format/numbers.js';
import { Details } from '../nhsuk/Details.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { PeriodPicker } from './PeriodPicker.js';
import { PopulationPyramid } from './PopulationPyramid.js';
import { PopulationTable } from './PopulationTable.js';
import { totalOf } from './pyramid-data.js';

export const PERIOD_PARAM = 'period';

/** The period chosen in the address, if any. */
export function usePeriodParam(): [string | null, (period: string) => void] {
  const [params, setParams] = useSearchParams();
  const period = params.get(PERIOD_PARAM);
  return [period && /^\d{4}-\d{2}-\d{2}$/.test(period) ? period : null, (p) => setParams({ [PERIOD_PARAM]: p }, { preventScrollReset: true })];
}

export function PopulationSection({ query, subject, onPeriodChange, headingId }: {
  query: UseQueryResult<Pyramid>;
  /** Whose population, e.g. "the whole commissioner" or a practice's name. */
  subject: string;
  onPeriodChange: (period: string) => void;
  headingId: string;
}) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Registered population</h2>
      <PopulationBody query={query} subject={subject} onPeriodChange={onPeriodChange} />
    </section>
  );
}

function PopulationBody({ query, subject, onPeriodChange }: { query: UseQueryResult<Pyramid>; subject: string; onPeriodChange: (period: string) => void }) {
  if (query.isPending) return <LoadingStatus>Loading the registered population…</LoadingStatus>;
  if (query.isError) return <ProblemMessage><p>The registered population could not be loaded. {query.error.message}</p></ProblemMessage>;
  const pyramid = query.data;
  if (!pyramid.period) return <p>No registered population has been imported yet.</p>;
  const at = formatDate(pyramid.period);
  const total = totalOf(pyramid.bands);
  return (
    <>
      <p>{formatCount(total)} patients registered ({subject}) at {at}, by sex and five-year age band.</p>
      {pyramid.periods.length > 1 && (
        <PeriodPicker key={pyramid.period} id="population-period" periods={pyramid.periods} period={pyramid.period} onChange={onPeriodChange} />
      )}
      <PopulationPyramid
        bands={pyramid.bands}
        title={`Population pyramid of ${subject} at ${at}`}
        description="Males to the left, females to the right, youngest age band at the bottom. The same numbers are in a table after the chart."
      />
      <Details summary="Show the numbers">
        <PopulationTable bands={pyramid.bands} caption={`Registered population of ${subject} at ${at}, by age band and sex`} />
      </Details>
    </>
  );
}
