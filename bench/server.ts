/**
 * The server the referral benchmark loads: the same application as src/server/main.ts
 * (openDatabase → migrate → buildApp → listen, settings from the environment), plus, only when
 * HUB_BENCH=1, a bare route for comparison:
 *
 *   POST /api/bench/insert  — inserts the JSON body as one row of `bench_insert` (a table this
 *   file creates) and answers 201 with its id. No authentication, no audit, no validation
 *   beyond "is JSON": the floor of "HTTP in, one row written, JSON out" on this server.
 *
 * Prints `LISTENING <url>` once it answers. Never part of the product: only bench/ starts it.
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { buildApp } from '../src/server/app.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder: 'bench server' });
await migrate(database);
const app = await buildApp({ config, database, logger: { level: config.logLevel } });

if (process.env.HUB_BENCH === '1') {
  await sql`create table if not exists bench_insert (id bigserial primary key, at timestamptz not null default now(), payload jsonb not null)`.execute(database.db);
  app.post('/api/bench/insert', { schema: { hide: true } }, async (request, reply) => {
    const result = await sql<{ id: number }>`insert into bench_insert (payload) values (${JSON.stringify(request.body ?? {})}::jsonb) returning id`.execute(database.db);
    return reply.status(201).send({ id: result.rows[0]!.id });
  });
}

await app.listen({ port: config.port, host: config.host });
process.stdout.write(`LISTENING http://${config.host}:${config.port}\n`);

const shutdown = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
