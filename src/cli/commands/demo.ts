/** Placeholder: `hub demo [--practices N] [--seed S]`. */
import type { Command } from 'commander';

export function registerDemo(_program: Command) {}
