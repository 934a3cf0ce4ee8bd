/**
 * Figures in the plan's text (PLAN-1): writers put tokens like {{budget_total}} in a section's
 * Markdown and readers see the value drawn live from budgets and activity (frozen with a version).
 * Pure: finding tokens, formatting values and putting them in place. Shared by the server (PDF,
 * checks) and the web app (page and editor preview), so both show the same words.
 */
import type { PlanFigure, PlanFigures } from './snapshot.js';

/** {{ key }}: lower-case letters, digits and _, spaces inside the braces allowed. */
const TOKEN = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export const figureToken = (key: string) => `{{${key}}}`;

/** The figure keys a text names, in order of first appearance. */
export function tokensIn(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(TOKEN)].map((m) => m[1]!))];
}

/** Tokens that name no figure: shown to the writer as errors, never left silently blank. */
export function unknownTokens(markdown: string, figures: PlanFigures): string[] {
  return tokensIn(markdown).filter((key) => !Object.hasOwn(figures, key));
}

const counts = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const percents = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** Whole pounds, half a pound rounded away from zero (a plan's figures are sums of thousands of pounds). */
export function formatPounds(pence: number): string {
  const pounds = Math.sign(pence) * Math.round(Math.abs(pence) / 100);
  return `${pounds < 0 ? '−' : ''}£${counts.format(Math.abs(pounds))}`;
}

export const NOT_AVAILABLE = 'not available';

/** A figure as readers see it: £1,234,567, 12,345, 3.5%; "not available" when it has no value. */
export function formatFigure(figure: Pick<PlanFigure, 'value' | 'unit'>): string {
  if (figure.value === null) return NOT_AVAILABLE;
  switch (figure.unit) {
    case 'pence': return formatPounds(figure.value);
    case 'count': return counts.format(figure.value);
    case 'percent': return `${percents.format(figure.value)}%`;
  }
}

export interface Substituted {
  /** the Markdown with each known token replaced by its formatted value; unknown tokens left as written */
  markdown: string;
  unknown: string[];
  /** known figures with no value (their source says why) */
  unavailable: string[];
}

/** Puts the figures' values in place of their tokens. */
export function substituteFigures(markdown: string, figures: PlanFigures): Substituted {
  const unknown = new Set<string>();
  const unavailable = new Set<string>();
  const text = markdown.replace(TOKEN, (token, key: string) => {
    const figure = Object.hasOwn(figures, key) ? figures[key] : undefined;
    if (!figure) {
      unknown.add(key);
      return token;
    }
    if (figure.value === null) unavailable.add(key);
    return formatFigure(figure);
  });
  return { markdown: text, unknown: [...unknown], unavailable: [...unavailable] };
}
