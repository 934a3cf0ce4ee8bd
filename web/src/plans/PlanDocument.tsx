/**
 * A plan as a document: a contents list, then each part and section with its "for completion by"
 * tag, guidance, text (figures in place) and the live parts drawn from the hub. Used for the
 * draft (with an Edit link on each section the reader may write) and for a frozen version.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { CompletedBy, LiveParts, PlanFigures, SectionKind } from '../api/plans.js';
import { Details } from '../nhsuk/Details.js';
import { LiveSummary } from './LiveSummary.js';
import { PlanMarkdown } from './PlanMarkdown.js';
import { CompletedByTag, sectionId } from './PlanTags.js';

export interface DocumentSection { key: string; part: string; title: string; guidance: string; completedBy: CompletedBy; kind: SectionKind; body: string; mayEdit?: boolean }

export function PlanDocument({ planId, sections, live, figures, editing, editLink, editor }: {
  planId: number;
  sections: DocumentSection[];
  live: LiveParts;
  figures: PlanFigures;
  /** the key of the section being written, if any */
  editing?: string | null;
  /** where a section's Edit link goes; none when the plan is read-only */
  editLink?: (key: string) => string;
  editor?: (key: string) => ReactNode;
}) {
  const parts = [...new Set(sections.map((s) => s.part))];
  return (
    <>
      <nav className="nhsuk-contents-list" aria-label="Sections of the plan">
        <h2 className="nhsuk-heading-s">Contents</h2>
        <ol className="nhsuk-contents-list__list">
          {sections.map((s) => (
            <li key={s.key} className="nhsuk-contents-list__item">
              <a className="nhsuk-contents-list__link" href={`#${sectionId(s.key)}`}>{s.key} {s.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {parts.map((part) => (
        <section key={part} aria-label={part}>
          <h2>{part}</h2>
          {sections.filter((s) => s.part === part).map((s) => {
            // Null when the reader may not write this section (e.g. ?edit= of a signed plan): the text shows as usual.
            const sectionEditor = editing === s.key && editor ? editor(s.key) : null;
            return (
              <section key={s.key} id={sectionId(s.key)} aria-labelledby={`${sectionId(s.key)}-heading`} className="nhsuk-u-margin-bottom-7" tabIndex={-1}>
                <h3 id={`${sectionId(s.key)}-heading`}>{s.key} {s.title}</h3>
                <p><CompletedByTag completedBy={s.completedBy} /></p>
                {s.guidance && <Details summary={`Guidance for ${s.key}`}><p>{s.guidance}</p></Details>}
                {s.kind !== 'text' && <LiveSummary kind={s.kind} live={live} planId={planId} title={s.title} />}
                {sectionEditor ?? (
                  <>
                    {s.body.trim()
                      ? <PlanMarkdown markdown={s.body} figures={figures} errorId={`${sectionId(s.key)}-error`} />
                      : s.kind === 'text' && <p className="app-secondary">Not written yet.</p>}
                    {s.mayEdit && editLink && (
                      <p><Link className="nhsuk-link" to={editLink(s.key)} preventScrollReset>
                        {s.body.trim() ? 'Edit' : 'Write'}<span className="nhsuk-u-visually-hidden"> section {s.key} {s.title}</span>
                      </Link></p>
                    )}
                  </>
                )}
              </section>
            );
          })}
        </section>
      ))}
    </>
  );
}
