/** /providers: hospitals and other providers with their market forces factor. */
import { useProviders } from '../api/hooks.js';
import { formatFourPlaces } from '../format/numbers.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable } from '../nhsuk/Table.js';
import { providerKindLabel } from '../organisations/labels.js';

export function ProvidersPage() {
  usePageTitle('Providers');
  const providers = useProviders();
  return (
    <>
      <h1>Providers</h1>
      <p className="nhsuk-lede-text">Hospitals and other providers the commissioner pays. National prices are multiplied by each provider’s market forces factor (MFF).</p>
      {providers.isPending && <LoadingStatus>Loading providers…</LoadingStatus>}
      {providers.isError && <ProblemMessage><p>The providers could not be loaded. {providers.error.message}</p></ProblemMessage>}
      {providers.isSuccess && (providers.data.length === 0 ? <p>No providers have been imported yet.</p> : (
        <DataTable
          caption="Providers"
          rows={providers.data}
          rowKey={(p) => p.code}
          scrollable
          columns={[
            { header: 'Code', cell: (p) => p.code },
            { header: 'Name', cell: (p) => p.name },
            { header: 'Kind', cell: (p) => providerKindLabel(p.kind) },
            { header: 'Market forces factor', numeric: true, cell: (p) => formatFourPlaces(Number(p.mff)) },
          ]}
        />
      ))}
    </>
  );
}
