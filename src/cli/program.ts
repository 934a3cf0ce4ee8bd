/**
 * The `hub` command line: `npm run hub -- <command>`, or `hub <command>` once linked.
 * Uses the same database settings (DATABASE_URL / DATA_DIR) as the server.
 */
import { Command, CommanderError } from 'commander';
import { registerActivity } from './commands/activity.js';
import { registerAllowances } from './commands/allowances.js';
import { registerAudit } from './commands/audit.js';
import { registerBudgetMonitoring } from './commands/budget-monitoring.js';
import { registerBudgets } from './commands/budgets.js';
import { registerDemo } from './commands/demo.js';
import { registerImport } from './commands/import.js';
import { registerTokens } from './commands/tokens.js';
import { registerUsers } from './commands/users.js';
import { CliError } from './context.js';

export function buildProgram(): Command {
  const program = new Command('hub')
    .description('Commissioning Hub command line')
    .showHelpAfterError()
    .exitOverride();
  registerImport(program);
  registerDemo(program);
  registerUsers(program);
  registerTokens(program);
  registerAudit(program);
  registerActivity(program);
  registerBudgetMonitoring(registerBudgets(program));
  registerAllowances(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      if (error.message) process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

