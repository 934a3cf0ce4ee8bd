/** NHS.UK summary list: key–value rows. */
import type { ReactNode } from 'react';

export interface SummaryRow { key: string; value: ReactNode }

export function SummaryList({ rows, noBorder = false }: { rows: SummaryRow[]; noBorder?: boolean }) {
  return (
    <dl className={noBorder ? 'nhsuk-summary-list nhsuk-summary-list--no-border' : 'nhsuk-summary-list'}>
      {rows.map((row) => (
        <div className="nhsuk-summary-list__row" key={row.key}>
          <dt className="nhsuk-summary-list__key">{row.key}</dt>
          <dd className="nhsuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
