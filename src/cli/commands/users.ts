/** `hub users create …` and `hub users list`. */
import type { Command } from 'commander';
import { ROLES } from '../../domain/access/roles.js';
import { recordAudit } from '../../server/audit/audit-log.js';
import { createUser } from '../../server/auth/users.js';
import { CliError, output, withDatabase } from '../context.js';

export function registerUsers(program: Command) {
  const users = program.command('users').description('manage accounts');

  users.command('create')
    .description('create an account (the password is read from HUB_PASSWORD, or --password)')
    .requiredOption('--username <name>', 'sign-in name, lower case')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display name>', 'name shown in the app')
    .option('--practice <ODS code>', 'the practice, for the practice role')
    .option('--password <password>', 'prefer HUB_PASSWORD: arguments are visible to other users of the machine')
    .option('--json', 'print a machine-readable summary')
    .action(async (o: { username: string; role: string; name?: string; practice?: string; password?: string; json?: boolean }) => {
      const password = o.password ?? process.env.HUB_PASSWORD;
      if (!password) throw new CliError('Give the password in HUB_PASSWORD (or --password).');
      const user = await withDatabase('users create', async ({ db }) => {
        const created = await createUser(db, {
          username: o.username, displayName: o.name ?? o.username, role: o.role as (typeof ROLES)[number],
          practiceCode: o.practice?.toUpperCase() ?? null, password,
        });
        await recordAudit(db, { actor: 'cli', action: 'user.create', entityType: 'user', entityId: created.username, details: { role: created.role } });
        return created;
      });
      output(Boolean(o.json), user, () => [`Created ${user.username} (${user.role}${user.practiceCode ? `, ${user.practiceCode}` : ''}).`]);
    });

  users.command('list')
    .description('list accounts')
    .option('--json', 'print a machine-readable list')
    .action(async (o: { json?: boolean }) => {
      const rows = await withDatabase('users list', ({ db }) =>
        db.selectFrom('app_user').select(['username', 'display_name', 'role', 'practice_code', 'is_demo']).orderBy('username').execute());
      output(Boolean(o.json), rows, () => rows.map((r) => `${r.username.padEnd(24)} ${r.role.padEnd(13)} ${r.practice_code ?? ''}${r.is_demo ? ' (demo)' : ''}`));
    });
}
