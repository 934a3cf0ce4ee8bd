/** Entry point of the `hub` command line (see program.ts). */
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2));
