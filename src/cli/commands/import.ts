/** Placeholder: `hub import practices|providers|population FILE [--json]`. */
import type { Command } from 'commander';

export function registerImport(_program: Command) {}
