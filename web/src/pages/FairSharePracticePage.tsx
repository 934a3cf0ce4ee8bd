/**
 * /budgets/fair-shares/:code?serviceLine=&total=&period=: one practice's fair share worked out in
 * the open (FIN-1), from its registered list to the pence: patients × weight band by band, the
 * scaling factor that makes the commissioner's weighted population equal its registered one, the
 * practice's share and the rounding. Every figure is the server's own, as exact as it has it.
 */
import { useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  fairSharePracticeUrl, fairSharesPageUrl, useFairSharePractice, type BandArithmetic, type FairShareArithmetic, type FairShareParams,
} from '../api/budgets-capitation.js';
import { DownloadLinks } from '../activity/DownloadLinks.js';
import { formatDecimal, formatExactPence, formatShare, SEX_LABELS } from '../budgets/capitation-format.js';
import { useFairShareParams } from '../budgets/capitation-params.js';
import { formatDate } from '../format/dates.js';
import { formatCount, formatPence, plural } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { NotFoundContent } from './NotFoundPage.js';

export function FairSharePracticePage() {
  return (
    <RequirePermission permission="budget.view">
      <FairSharePractice />
    </RequirePermission>
  );
}

function FairSharePractice() {
  const code = (useParams().code ?? '').toUpperCase();
  const { params } = useFairShareParams();
  const arithmetic = useFairSharePractice(code, params);
  const notFound = arithmetic.error instanceof ApiError && arithmetic.error.status === 404;
  usePageTitle(arithmetic.data ? `Fair share: ${arithmetic.data.practice.name}` : notFound ? 'Page not found' : `Fair share: practice ${code}`);

  if (notFound) return <NotFoundContent />;
  return (
    <>
      <BackLink to={params ? fairSharesPageUrl(params) : '/budgets/fair-shares'}>Back to fair shares</BackLink>
      {!params && (
        <>
          <h1>Fair share of practice {code}</h1>
          <p>Choose a service line and a total on the fair shares page, then select a practice to see its arithmetic.</p>
        </>
      )}
      {params && arithmetic.isPending && (
        <>
          <h1>Fair share of practice {code}</h1>
          <LoadingStatus>Working out the fair share…</LoadingStatus>
        </>
      )}
      {arithmetic.isError && (
        <>
          <h1>Fair share of practice {code}</h1>
          <ProblemMessage title="The fair share cannot be worked out">
            <p>{arithmetic.error.message}</p>
            {arithmetic.error instanceof ApiError && arithmetic.error.details.length > 0 && (
              <ul className="nhsuk-list nhsuk-list--bullet">{arithmetic.error.details.map((d) => <li key={d.message}>{d.message}</li>)}</ul>
            )}
          </ProblemMessage>
        </>
      )}
      {params && arithmetic.data && <Arithmetic a={arithmetic.data} params={params} />}
    </>
  );
}

function Arithmetic({ a, params }: { a: FairShareArithmetic; params: FairShareParams }) {
  const line = a.serviceLineLabel;
  const lower = line.toLowerCase();
  const shown: FairShareParams = { ...params, period: a.period };
  const others = a.commissionerTotals.practices - 1;
  return (
    <>
      <span className="nhsuk-caption-l">{line} fair share, practice {a.practice.code}</span>
      <h1>{a.practice.name}</h1>
      <p className="nhsuk-lede-text">
        {a.practice.name}’s fair share of {formatPence(a.totalPence)} for {lower} is <strong>{formatPence(a.fairSharePence)}</strong>: its share of the
        commissioner’s registered population at {formatDate(a.period)}, weighted by sex and age for what {lower} care costs per head.
      </p>

      <SummaryList rows={[
        { key: 'Registered population', value: `${formatCount(a.rawPopulation)} patients` },
        { key: 'Weighted population', value: formatDecimal(a.weightedPopulation) },
        { key: 'Share of the commissioner’s', value: formatShare(a.share, 6) },
        { key: 'Fair share', value: formatPence(a.fairSharePence) },
        { key: 'Group', value: a.practice.groupName },
      ]} />

      <h2 id="step-1">1. Patients times weights</h2>
      <p>
        Each of the practice’s registered patients counts for the {lower} weight of their sex and age band: the relative cost per head of {lower} care
        for people like them. Weights on any scale work: only how they compare matters, because of step 2.
      </p>
      <div className="nhsuk-grid-row">
        {(['M', 'F'] as const).map((sex) => (
          <div className="nhsuk-grid-column-one-half" key={sex}>
            <BandTable sex={sex} bands={a.bands.filter((b) => b.sex === sex)} practice={a.practice.name} line={line} />
          </div>
        ))}
      </div>
      <p>
        Adding up every band: {formatCount(a.rawPopulation)} patients, who weigh <strong>{formatDecimal(a.unscaledWeighted)}</strong> in total
        (before scaling).
      </p>

      <h2 id="step-2">2. Scaling to the commissioner’s population</h2>
      <p>
        Across all {plural(a.commissionerTotals.practices, 'practice')}, {formatCount(a.commissionerTotals.rawPopulation)} registered patients weigh{' '}
        {formatDecimal(a.commissionerTotals.unscaledWeighted)}. So that the weighted population of all the practices together equals their registered
        population, every practice’s total is multiplied by {formatCount(a.commissionerTotals.rawPopulation)} ÷ {formatDecimal(a.commissionerTotals.unscaledWeighted)}{' '}
        = <strong>{formatDecimal(a.scale)}</strong>.
      </p>
      <p>
        {a.practice.name}’s weighted population: {formatDecimal(a.unscaledWeighted)} × {formatDecimal(a.scale)} = <strong>{formatDecimal(a.weightedPopulation)}</strong>
        {a.weightedPopulationFraction.includes('/') && <> (exactly {a.weightedPopulationFraction})</>}.
        {' '}{Number(a.weightedPopulation) > a.rawPopulation
          ? `That is more than its ${formatCount(a.rawPopulation)} registered patients: its patients are, for ${lower}, costlier than the commissioner’s average.`
          : Number(a.weightedPopulation) < a.rawPopulation
            ? `That is fewer than its ${formatCount(a.rawPopulation)} registered patients: its patients are, for ${lower}, less costly than the commissioner’s average.`
            : 'That is the same as its registered population.'}
      </p>

      <h2 id="step-3">3. Its share</h2>
      <p>
        {formatDecimal(a.weightedPopulation)} ÷ {formatCount(a.commissionerTotals.rawPopulation)} (the commissioner’s weighted population) ={' '}
        <strong>{formatShare(a.share, 6)}</strong>{a.shareFraction.includes('/') && <> (exactly {a.shareFraction})</>}.
      </p>

      <h2 id="step-4">4. Its fair share</h2>
      <p>
        {formatPence(a.totalPence)} × {formatShare(a.share, 6)} = {formatExactPence(a.exactPence)} before rounding to the penny.
      </p>
      <InsetText>
        <p>
          Rounded to <strong>{formatPence(a.fairSharePence)}</strong>.{' '}
          {a.extraPenny
            ? `Every practice was first rounded down, leaving ${plural(a.leftoverPence, 'penny', 'pence')} over; this practice’s fraction of a penny was among the largest, so it got one of them.`
            : a.leftoverPence > 0
              ? `Every practice was first rounded down, leaving ${plural(a.leftoverPence, 'penny', 'pence')} over; they went to practices with larger fractions of a penny than this one.`
              : 'Every practice’s share came to whole pence once rounded down, with nothing left over.'}
        </p>
        <p>{a.rounding}</p>
      </InsetText>
      <p>
        The other {plural(others, 'practice')} share the remaining {formatPence(a.totalPence - a.fairSharePence)}; together the fair shares come to exactly{' '}
        {formatPence(a.totalPence)}.
      </p>
      <DownloadLinks what={`${a.practice.name}’s fair share arithmetic`} href={(format) => fairSharePracticeUrl(a.practice.code, shown, format)} />
    </>
  );
}

function BandTable({ sex, bands, practice, line }: { sex: 'M' | 'F'; bands: BandArithmetic[]; practice: string; line: string }) {
  const patients = bands.reduce((n, b) => n + b.patients, 0);
  return (
    <Table caption={`${SEX_LABELS[sex]}: ${practice}’s patients and ${line.toLowerCase()} weights`} captionSize="s">
      <TableHead>
        <HeaderCell>Age band</HeaderCell>
        <HeaderCell numeric>Patients</HeaderCell>
        <HeaderCell numeric>Weight</HeaderCell>
        <HeaderCell numeric>Patients × weight</HeaderCell>
      </TableHead>
      <TableBody>
        {bands.map((b) => (
          <TableRow key={b.ageBand}>
            <Cell rowHeader>{b.ageBand}</Cell>
            <Cell numeric>{formatCount(b.patients)}</Cell>
            <Cell numeric>{b.weight === null ? 'None' : formatDecimal(b.weight)}</Cell>
            <Cell numeric>{formatDecimal(b.weighted)}</Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader><strong>All {SEX_LABELS[sex].toLowerCase()}</strong></Cell>
          <Cell numeric><strong>{formatCount(patients)}</strong></Cell>
          <Cell numeric>{''}</Cell>
          <Cell numeric><strong>{sumDecimals(bands.map((b) => b.weighted))}</strong></Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** Adds exact decimals ("15.5" + "0.25") on their digits, shown as formatDecimal shows them. */
function sumDecimals(values: string[]): string {
  const places = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0));
  const total = values.reduce((sum, v) => {
    const [whole, fraction = ''] = v.split('.');
    return sum + BigInt(`${whole}${fraction.padEnd(places, '0')}`);
  }, 0n);
  const digits = total.toString().padStart(places + 1, '0');
  return formatDecimal(places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits);
}
