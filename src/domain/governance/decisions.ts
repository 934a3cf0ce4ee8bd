/**
 * The decisions log (ORG-6): what was decided, by which body, on which date, with which papers.
 * Papers are titles with an optional web link, kept as one JSON text per decision.
 */

export const OUTCOMES = ['approved', 'rejected', 'deferred', 'noted'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = { approved: 'Approved', rejected: 'Rejected', deferred: 'Deferred', noted: 'Noted' };

export interface Paper { title: string; link: string | null }

/** Links must be web addresses (never javascript: or data:), or a path in the hub. */
export const isPaperLink = (link: string) => /^https?:\/\/[^\s]+$/i.test(link) || /^\/[^\s/][^\s]*$/.test(link);

export const encodePapers = (papers: readonly Paper[]) => (papers.length ? JSON.stringify(papers.map((p) => ({ title: p.title.trim(), link: p.link?.trim() || null }))) : '');

/** The stored papers; text that is not the JSON list (typed in by hand) reads as one title a line. */
export function decodePapers(stored: string): Paper[] {
  if (!stored.trim()) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    if (Array.isArray(parsed)) {
      return parsed.flatMap((p): Paper[] => {
        if (!p || typeof p !== 'object' || typeof (p as Paper).title !== 'string') return [];
        const link = typeof (p as Paper).link === 'string' && isPaperLink((p as Paper).link!) ? (p as Paper).link : null;
        return [{ title: (p as Paper).title, link }];
      });
    }
  } catch {
    // plain text: one paper per line, below
  }
  return stored.split('\n').map((line) => line.trim()).filter(Boolean).map((title) => ({ title, link: null }));
}
