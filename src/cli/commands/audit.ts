/** `hub audit verify` re-computes the audit log's hash chain. */
import type { Command } from 'commander';
import { verifyAuditLog } from '../../server/audit/audit-log.js';
import { CliError, output, withDatabase } from '../context.js';

export function registerAudit(program: Command) {
  program.command('audit').description('the audit log')
    .command('verify')
    .description('check that no audit entry has been changed, removed or inserted')
    .option('--json', 'print a machine-readable result')
    .action(async (o: { json?: boolean }) => {
      const check = await withDatabase('audit verify', ({ db }) => verifyAuditLog(db));
      output(Boolean(o.json), check, () => check.ok
        ? [`Audit log intact: ${check.entries} entries verified.`]
        : [`Audit log BROKEN at entry ${check.brokenAt}: ${check.reason}.`]);
      if (!check.ok) throw new CliError(''); // exit 1, the reason is printed above
    });
}
