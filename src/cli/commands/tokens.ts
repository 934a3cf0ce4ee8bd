/** `hub tokens create --user NAME` prints a new personal API token. */
import type { Command } from 'commander';
import { recordAudit } from '../../server/audit/audit-log.js';
import { createApiToken } from '../../server/auth/credentials.js';
import { CliError, output, withDatabase } from '../context.js';

export function registerTokens(program: Command) {
  program.command('tokens').description('personal API tokens')
    .command('create')
    .description('create a token for a user and print it (it is shown only once)')
    .requiredOption('--user <name>', 'the account the token acts as')
    .option('--name <label>', 'what the token is for', 'cli')
    .option('--json', 'print a machine-readable summary')
    .action(async (o: { user: string; name: string; json?: boolean }) => {
      const result = await withDatabase('tokens create', async ({ db }) => {
        const user = await db.selectFrom('app_user').select(['id', 'username']).where('username', '=', o.user.toLowerCase()).executeTakeFirst();
        if (!user) throw new CliError(`There is no user ${o.user}.`);
        const { id, token } = await createApiToken(db, user.id, o.name);
        await recordAudit(db, { actor: 'cli', action: 'token.create', entityType: 'api_token', entityId: String(id), details: { user: user.username, name: o.name } });
        return { id, user: user.username, name: o.name, token };
      });
      output(Boolean(o.json), result, () => [result.token]);
    });
}
