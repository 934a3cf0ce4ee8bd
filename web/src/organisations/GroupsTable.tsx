/** Groups (localities, consortia, federations) with their practices and list size. */
import type { Group } from '../api/types.js';
import { formatCount } from '../format/numbers.js';
import { DataTable } from '../nhsuk/Table.js';
import { groupKindLabel } from './labels.js';

export function GroupsTable({ groups }: { groups: Group[] }) {
  return (
    <DataTable
      caption="Groups"
      captionHidden
      rows={groups}
      rowKey={(g) => g.code}
      columns={[
        { header: 'Group', cell: (g) => g.name },
        { header: 'Kind', cell: (g) => groupKindLabel(g.kind) },
        { header: 'Practices', numeric: true, cell: (g) => formatCount(g.practices) },
        { header: 'List size', numeric: true, cell: (g) => formatCount(g.listSize) },
      ]}
    />
  );
}
