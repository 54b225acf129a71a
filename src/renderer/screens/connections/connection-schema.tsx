import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref } from '../../app/router.js';
import { ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { SchemaBrowser } from './schema-browser.js';

/** `#/connections/NAME`: what the source holds, read live. */
export function ConnectionSchema({ name }: { name: string }) {
  const schema = useApiQuery(() => getApi().getSchema({ name }), [name]);
  return (
    <section className="screen connections-screen" data-screen="connections" data-testid="connection-schema" data-ready={schema.data && !schema.loading ? 'true' : 'false'}>
      <PageHeader
        title={`Schema of ${name}`}
        subtitle="Read live from the source: the tables and columns rules can use."
        actions={
          <>
            <button type="button" className="button" onClick={schema.reload}>
              Reload
            </button>
            <a className="button" href={routeHref('connections')}>
              ← All connections
            </a>
          </>
        }
      />
      {schema.error && <ErrorBanner error={schema.error} onRetry={schema.reload} />}
      {!schema.data && !schema.error && <Loading label="Reading the schema…" />}
      {schema.data && <SchemaBrowser schema={schema.data} />}
    </section>
  );
}
