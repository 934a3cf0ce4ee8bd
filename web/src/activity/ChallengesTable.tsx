/**
 * Challenges as a TanStack Table: sortable column headers (buttons, with aria-sort on the header
 * cell) over the rows loaded, and a link on each row that opens it for review. Also what each
 * rule found, in words, and the status tag, shared with the review panel.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import type { Challenge, ChallengeStatus } from '../api/challenges.js';
import { formatShortDate } from '../format/dates.js';
import { formatPence } from '../format/numbers.js';
import { LiveStatus } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow, type SortDirection } from '../nhsuk/Table.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

const STATUS_COLOURS: Record<ChallengeStatus, TagColour> = { open: 'blue', accepted: 'green', withdrawn: 'grey', agreed: 'aqua-green' };

export function ChallengeStatusTag({ challenge }: { challenge: Pick<Challenge, 'status' | 'statusLabel'> }) {
  return <Tag colour={STATUS_COLOURS[challenge.status]}>{challenge.statusLabel}</Tag>;
}

/** The line's id, or for a month's follow-ups the specialty: what names the challenge. */
export const challengeName = (c: Challenge) => (c.activityId ? `line ${c.activityId}` : `${c.tfcName ?? 'specialty'} follow-ups, ${c.monthLabel}`);

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** What the rule found, in a sentence or two. */
export function describeFinding(c: Challenge): string {
  const d = c.detail;
  switch (c.rule) {
    case 'exact_duplicate':
      return `Copy ${num(d.copy)} of line ${text(d.duplicateOf)}: the same in every field but its id.`;
    case 'same_day_repeat':
      return `A second ${c.line?.pod ?? ''} attendance in this specialty on the same day as line ${text(d.sameDayAs)} (${num(d.linesThatDay)} different lines that day).`.replace('  ', ' ');
    case 'follow_up_ratio': {
      const ratio = d.ratio === null || d.ratio === undefined ? 'no first attendances' : `${num(d.ratio).toFixed(2)} follow-ups per first`;
      const cap = `${num(d.cap).toFixed(2)} (${text(d.capSpecialty) ? 'this specialty’s cap' : 'the contract’s general cap'})`;
      return `${num(d.followUps)} follow-ups and ${num(d.firsts)} first attendances: ${ratio}, against a cap of ${cap}. `
        + `${num(d.allowed)} are paid; ${num(d.excess)} over the cap at the month’s average follow-up price of ${formatPence(num(d.averagePricePence))}.`;
    }
    case 'c2c_first':
      return `Contract ${text(d.contract)} does not pay for first attendances referred consultant to consultant.`;
    case 'no_gateway_referral':
      return `The practice has referred through the gateway since ${formatShortDate(text(d.gatewayFrom))}; the gateway has no referral for this patient, specialty and provider in the 180 days before the attendance.`;
    case 'prior_approval':
      return `${text(d.procedure)} needs prior approval (${text(d.listedCode)} ${text(d.listedName)}); there is no approved referral for this patient.`;
    case 'readmission_30d':
      return `An emergency admission ${num(d.daysSinceDischarge)} days after discharge from ${text(d.previousProvider)} (line ${text(d.previousActivityId)}) on ${formatShortDate(text(d.dischargeDate))}. `
        + `A flag for clinical review, valued at £0; the line is worth ${formatPence(num(d.lineValuePence))}.`;
    default:
      return '';
  }
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
});

const helper = createColumnHelper<typeof features, Challenge>();

const HEADERS: Record<string, string> = {
  ruleLabel: 'Rule', line: 'Line', practice: 'Practice', specialty: 'Specialty', pod: 'Point of delivery', valuePence: 'Value', statusLabel: 'Status', review: 'Review',
};

const columns = helper.columns([
  helper.accessor('ruleLabel', { header: HEADERS.ruleLabel, sortFn: 'text' }),
  helper.accessor((c) => c.line?.activityDate ?? '', { id: 'line', header: HEADERS.line, sortFn: 'alphanumeric' }),
  helper.accessor((c) => c.practiceName ?? '', { id: 'practice', header: HEADERS.practice, sortFn: 'text' }),
  helper.accessor((c) => c.tfc, { id: 'specialty', header: HEADERS.specialty, sortFn: 'alphanumeric' }),
  helper.accessor((c) => c.line?.pod ?? '', { id: 'pod', header: HEADERS.pod, sortFn: 'text' }),
  helper.accessor('valuePence', { header: HEADERS.valuePence, sortFn: 'basic', sortDescFirst: true }),
  helper.accessor('statusLabel', { header: HEADERS.statusLabel, sortFn: 'text' }),
  helper.display({ id: 'review', header: HEADERS.review, enableSorting: false }),
]);

const NUMERIC = new Set(['valuePence']);

export function ChallengesTable({ challenges, reviewLink, selectedId }: {
  challenges: Challenge[];
  /** the address that opens a challenge for review */
  reviewLink: (c: Challenge) => string;
  selectedId: number | null;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({ features, columns, data: challenges, state: { sorting }, onSortingChange: setSorting });
  const sorted = sorting[0];
  const sortedHeader = sorted ? HEADERS[sorted.id] : undefined;

  return (
    <>
      {sorted && sortedHeader && <LiveStatus visuallyHidden>Sorted by {sortedHeader.toLowerCase()}, {sorted.desc ? 'descending' : 'ascending'}.</LiveStatus>}
      <Table caption="Challenges" captionHidden captionHint="(column headers are buttons that sort the table)" scrollable>
        <TableHead>
          {table.getHeaderGroups()[0]?.headers.map((header) => {
            const id = header.column.id;
            if (id === 'review') return <HeaderCell key={header.id}><span className="nhsuk-u-visually-hidden">{HEADERS.review}</span></HeaderCell>;
            const direction = header.column.getIsSorted();
            const sort: SortDirection = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
            return (
              <HeaderCell key={header.id} numeric={NUMERIC.has(id)} sort={sort} onSort={() => header.column.toggleSorting(undefined, false)}>
                {HEADERS[id] ?? id}
              </HeaderCell>
            );
          })}
        </TableHead>
        <TableBody>
          {table.getRowModel().rows.map((row) => {
            const c = row.original;
            return (
              <TableRow key={c.id}>
                <Cell rowHeader>{c.ruleLabel}</Cell>
                <Cell nowrap>
                  {c.activityId ?? <span className="app-secondary">Month</span>}
                  {c.line && <><br /><span className="app-secondary">{formatShortDate(c.line.activityDate)}</span></>}
                </Cell>
                <Cell>{c.practiceName ?? c.practiceCode ?? <span className="app-secondary">All practices</span>}</Cell>
                <Cell>{c.tfc ? `${c.tfcName ?? c.tfc}` : <span className="app-secondary">None given</span>}</Cell>
                <Cell>{c.line?.pod ?? (c.rule === 'follow_up_ratio' ? 'OPFU' : '')}</Cell>
                <Cell numeric nowrap>{formatPence(c.valuePence)}</Cell>
                <Cell><ChallengeStatusTag challenge={c} /></Cell>
                <Cell nowrap>
                  {c.id === selectedId
                    ? <span className="app-secondary">Shown above</span>
                    : <Link className="nhsuk-link" to={reviewLink(c)}>Review<span className="nhsuk-u-visually-hidden"> {c.ruleLabel.toLowerCase()}, {challengeName(c)}</span></Link>}
                </Cell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
