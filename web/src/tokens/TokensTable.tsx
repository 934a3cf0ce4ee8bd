/** My tokens: name, when created and last used, and a Revoke button for the live ones. */
import type { ApiToken } from '../api/types.js';
import { formatDateTime } from '../format/dates.js';
import { Button } from '../nhsuk/Button.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';

export function TokensTable({ tokens, revoking, onRevoke }: { tokens: ApiToken[]; revoking: number | null; onRevoke: (token: ApiToken) => void }) {
  return (
    <DataTable
      caption="Your API tokens"
      captionHidden
      rows={tokens}
      rowKey={(t) => t.id}
      scrollable
      columns={[
        { header: 'Name', cell: (t) => t.name },
        { header: 'Created', cell: (t) => formatDateTime(t.createdAt) },
        { header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never') },
        { header: 'Status', cell: (t) => (t.revokedAt ? <Tag colour="grey">Revoked</Tag> : <Tag colour="green">Active</Tag>) },
        {
          header: 'Action',
          cell: (t) => (t.revokedAt ? '' : (
            <Button type="button" variant="warning" small className="app-table-button" disabled={revoking === t.id} onClick={() => onRevoke(t)}>
              Revoke<span className="nhsuk-u-visually-hidden"> {t.name}</span>
            </Button>
          )),
        },
      ]}
    />
  );
}
