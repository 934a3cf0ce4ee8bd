/** /activity/matching: how many first attendances came through the gateway, and what did not (REF-9). */
import { useState } from 'react';
import { Link } from 'react-router';
import { useMatching } from '../api/matching.js';
import { pastFinancialYears } from '../activity/years.js';
import { formatCount, formatPercent, plural } from '../format/numbers.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';

export function MatchingPage() {
  return (
    <RequirePermission permission="activity.view">
      <Matching />
    </RequirePermission>
  );
}

function Matching() {
  usePageTitle('Referral matching');
  const years = pastFinancialYears(3);
  const [year, setYear] = useState(years[0]!);
  const report = useMatching(year);
  const more = (total: number, shown: number) => (total > shown ? <p className="nhsuk-body-s">Showing the first {formatCount(shown)} of {formatCount(total)}.</p> : null);
  return (
    <>
      <h1>Referral matching</h1>
      <p className="nhsuk-lede-text">
        Which hospital first attendances came through the referral gateway. An attendance matches a referral by the gateway’s id when the provider returned it,
        otherwise by the same patient, provider and specialty within {report.data?.windowDays ?? 180} days after the referral.
      </p>
      <Select id="matching-year" label="Financial year" options={years.map((y) => ({ value: y, text: y }))} value={year} onChange={setYear} />
      {report.isPending && <LoadingStatus>Matching attendances to referrals…</LoadingStatus>}
      {report.isError && <ProblemMessage><p>The matching could not be loaded. {report.error.message}</p></ProblemMessage>}
      {report.isSuccess && (
        <>
          <div className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">{formatPercent(report.data.matchRate)} of first attendances matched a gateway referral</h2>
              <p className="nhsuk-card__description">
                {formatCount(report.data.matched)} of {plural(report.data.attendances, 'first attendance')}: {formatCount(report.data.matchedById)} by the referral id,
                {' '}{formatCount(report.data.matchedByPatient)} by patient, provider and specialty.
              </p>
            </div>
          </div>
          <DataTable
            caption="By provider"
            rows={report.data.byProvider}
            rowKey={(r) => r.providerCode}
            columns={[
              { header: 'Provider', cell: (r) => `${r.providerName} (${r.providerCode})` },
              { header: 'First attendances', numeric: true, cell: (r) => formatCount(r.attendances) },
              { header: 'Matched', numeric: true, cell: (r) => formatCount(r.matched) },
              { header: 'Match rate', numeric: true, cell: (r) => formatPercent(r.matchRate) },
            ]}
          />
          <h2>First attendances that never passed the gateway ({formatCount(report.data.unmatchedAttendances.total)})</h2>
          {report.data.unmatchedAttendances.total === 0 ? <p>None.</p> : (
            <>
              <DataTable
                caption="Unmatched first attendances"
                captionHidden
                scrollable
                rows={report.data.unmatchedAttendances.rows}
                rowKey={(r) => `${r.providerCode}-${r.activityId}`}
                columns={[
                  { header: 'Date', cell: (r) => r.activityDate },
                  { header: 'Provider', cell: (r) => r.providerCode },
                  { header: 'Activity id', cell: (r) => r.activityId },
                  { header: 'Practice', cell: (r) => r.practiceCode },
                  { header: 'Specialty', cell: (r) => r.tfc ?? '' },
                  { header: 'Referred by', cell: (r) => r.referralSource ?? 'not given' },
                ]}
              />
              {more(report.data.unmatchedAttendances.total, report.data.unmatchedAttendances.rows.length)}
            </>
          )}
          <h2>Forwarded referrals with no first attendance yet ({formatCount(report.data.unmatchedReferrals.total)})</h2>
          {report.data.unmatchedReferrals.total === 0 ? <p>None.</p> : (
            <>
              <DataTable
                caption="Referrals without an attendance"
                captionHidden
                scrollable
                rows={report.data.unmatchedReferrals.rows}
                rowKey={(r) => r.id}
                columns={[
                  { header: 'Referral', cell: (r) => <Link className="nhsuk-link" to={`/referrals/${r.id}`}>{r.reference}</Link> },
                  { header: 'Received', cell: (r) => r.receivedAt.slice(0, 10) },
                  { header: 'Booked for', cell: (r) => r.bookedDate ?? 'not booked' },
                  { header: 'Provider', cell: (r) => r.providerCode },
                  { header: 'Practice', cell: (r) => r.practiceCode },
                  { header: 'Specialty', cell: (r) => r.tfc },
                ]}
              />
              {more(report.data.unmatchedReferrals.total, report.data.unmatchedReferrals.rows.length)}
            </>
          )}
          <h2>Where the hospital’s diagnosis disagrees with the referral ({formatCount(report.data.diagnosisDisagreements.total)})</h2>
          <p>Compared by ICD-10 category (the first three characters): M17.1 and M17.9 agree.</p>
          {report.data.diagnosisDisagreements.total === 0 ? <p>None.</p> : (
            <DataTable
              caption="Diagnosis disagreements"
              captionHidden
              rows={report.data.diagnosisDisagreements.rows}
              rowKey={(r) => `${r.providerCode}-${r.activityId}`}
              columns={[
                { header: 'Date', cell: (r) => r.activityDate },
                { header: 'Provider', cell: (r) => r.providerCode },
                { header: 'Referral', cell: (r) => r.referralReference },
                { header: 'Referral’s code', cell: (r) => r.referralCode },
                { header: 'Hospital’s code', cell: (r) => r.trustCode },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
