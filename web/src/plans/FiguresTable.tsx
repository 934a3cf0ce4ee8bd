/** The figures of a plan: what each token shows, its value and where it comes from. */
import { figureToken, formatFigure } from '../../../src/domain/plans/figures.js';
import type { PlanFigures } from '../api/plans.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

export function FiguresTable({ figures, caption }: { figures: PlanFigures; caption: string }) {
  return (
    <Table caption={caption} captionSize="m" scrollable>
      <TableHead>
        <HeaderCell>Figure</HeaderCell>
        <HeaderCell numeric>Value</HeaderCell>
        <HeaderCell>Write in the text</HeaderCell>
        <HeaderCell>Source</HeaderCell>
      </TableHead>
      <TableBody>
        {Object.entries(figures).map(([key, f]) => (
          <TableRow key={key}>
            <Cell rowHeader>{f.label}</Cell>
            <Cell numeric nowrap>{formatFigure(f)}</Cell>
            <Cell><code>{figureToken(key)}</code></Cell>
            <Cell>{f.source}</Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
