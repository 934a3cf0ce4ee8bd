/** "Download CSV" and "Download XLSX" links for a table the server can send as a file. */
import type { ExportFormat } from '../api/activity.js';

export function DownloadLinks({ href, what }: {
  /** the address of the table in a format */
  href: (format: ExportFormat) => string;
  /** what the table is, read after the link text ("activity by provider") */
  what: string;
}) {
  return (
    <ul className="nhsuk-list app-downloads">
      <li><a className="nhsuk-link" href={href('csv')} download>Download CSV<span className="nhsuk-u-visually-hidden"> of {what}</span></a></li>
      <li><a className="nhsuk-link" href={href('xlsx')} download>Download XLSX (Excel)<span className="nhsuk-u-visually-hidden"> of {what}</span></a></li>
    </ul>
  );
}
