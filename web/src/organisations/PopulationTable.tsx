/** The pyramid's numbers as a table: the accessible alternative to the chart. */
import type { PyramidBand } from '../api/types.js';
import { formatCount } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { totalOf } from './pyramid-data.js';

export function PopulationTable({ bands, caption }: { bands: PyramidBand[]; caption: string }) {
  const males = bands.reduce((s, b) => s + b.male, 0);
  const females = bands.reduce((s, b) => s + b.female, 0);
  return (
    <Table caption={caption} captionSize="s">
      <TableHead>
        <HeaderCell>Age band</HeaderCell>
        <HeaderCell numeric>Males</HeaderCell>
        <HeaderCell numeric>Females</HeaderCell>
        <HeaderCell numeric>Total</HeaderCell>
      </TableHead>
      <TableBody>
        {bands.map((b) => (
          <TableRow key={b.ageBand}>
            <Cell rowHeader>{b.ageBand}</Cell>
            <Cell numeric>{formatCount(b.male)}</Cell>
            <Cell numeric>{formatCount(b.female)}</Cell>
            <Cell numeric>{formatCount(b.male + b.female)}</Cell>
          </TableRow>
        ))}
        <TableRow>
          <Cell rowHeader>All ages</Cell>
          <Cell numeric>{formatCount(males)}</Cell>
          <Cell numeric>{formatCount(females)}</Cell>
          <Cell numeric>{formatCount(totalOf(bands))}</Cell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
