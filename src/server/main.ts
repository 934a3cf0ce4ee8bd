/**
 * Starts Commissioning Hub: opens the database, applies migrations, loads the demo locality
 * into an empty database (demo mode), and serves the API and the web app.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { DatabaseBusyError } from '../db/folder-lock.js';
import { buildApp } from './app.js';
import { isEmpty, loadDemo } from './demo/load.js';

const started = performance.now();
const config = loadConfig();

try {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder: `server on port ${config.port}` });
  const applied = await migrate(database);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

  let demoAccounts: string[] = [];
  if (config.demo && (await isEmpty(database))) {
    console.log('Empty database: loading the demo locality…');
    demoAccounts = (await loadDemo(database, { password: config.demoPassword, onProgress: (m) => console.log(`  ${m}`) })).accounts;
  }

  const app = await buildApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  console.log(`\nCommissioning Hub is running at ${url} (database: ${database.kind}${database.kind === 'pglite' ? `, folder ${config.dataDir}` : ''}), ready in ${Math.round(performance.now() - started)} ms.`);
  if (config.demo) {
    const shown = demoAccounts.length ? demoAccounts : ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board'];
    console.log(`Demo mode: sign in as ${shown.slice(0, 9).join(', ')}${shown.length > 9 ? ', …' : ''} with the password "${config.demoPassword}".`);
    console.log('Practice accounts are practice- plus the practice code in lower case, e.g. practice-e82001.');
  }

  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping…`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof DatabaseBusyError) {
    console.error(error.message);
  } else {
    console.error('Commissioning Hub could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
