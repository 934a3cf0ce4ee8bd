/**
 * A word diff as text: insertions in <ins> and deletions in <del>, each announced to screen
 * readers in words (the elements alone are not read out by most of them).
 */
import type { PlanComparison } from '../api/plans.js';

type Part = PlanComparison['sections'][number]['body'][number];

export function DiffText({ parts }: { parts: Part[] }) {
  if (!parts.length) return <p className="app-secondary">No text.</p>;
  return (
    <div className="nhsuk-body app-pre-line">
      {parts.map((p, i) => {
        if (p.change === 'added') return <ins key={i}><span className="nhsuk-u-visually-hidden">[inserted: </span>{p.text}<span className="nhsuk-u-visually-hidden">]</span></ins>;
        if (p.change === 'removed') return <del key={i}><span className="nhsuk-u-visually-hidden">[deleted: </span>{p.text}<span className="nhsuk-u-visually-hidden">]</span></del>;
        return <span key={i}>{p.text}</span>;
      })}
    </div>
  );
}
