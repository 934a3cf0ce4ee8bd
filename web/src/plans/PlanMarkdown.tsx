/**
 * A section's Markdown as readers see it: figures ({{budget_total}}) put in place, GitHub tables
 * drawn as NHS.UK tables, headings kept below the section's own. No raw HTML is rendered, and a
 * token that names no figure is shown to the writer as an error, never left blank.
 */
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { substituteFigures } from '../../../src/domain/plans/figures.js';
import type { PlanFigures } from '../api/plans.js';

const COMPONENTS: Components = {
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h4>{children}</h4>,
  table: ({ children }) => <div className="nhsuk-table-container"><table className="nhsuk-table">{children}</table></div>,
  thead: ({ children }) => <thead className="nhsuk-table__head">{children}</thead>,
  tbody: ({ children }) => <tbody className="nhsuk-table__body">{children}</tbody>,
  tr: ({ children }) => <tr className="nhsuk-table__row">{children}</tr>,
  th: ({ children }) => <th className="nhsuk-table__header" scope="col">{children}</th>,
  td: ({ children }) => <td className="nhsuk-table__cell">{children}</td>,
  ul: ({ children }) => <ul className="nhsuk-list nhsuk-list--bullet">{children}</ul>,
  ol: ({ children }) => <ol className="nhsuk-list nhsuk-list--number">{children}</ol>,
  a: ({ href, children }) => <a className="nhsuk-link" href={href}>{children}</a>,
};

export function PlanMarkdown({ markdown, figures, errorId }: { markdown: string; figures: PlanFigures; errorId?: string }) {
  const { markdown: text, unknown } = substituteFigures(markdown, figures);
  return (
    <>
      {unknown.length > 0 && (
        <p className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {unknown.map((k) => `{{${k}}}`).join(', ')} {unknown.length === 1 ? 'is not a figure' : 'are not figures'}: check the spelling against the figures you can use
        </p>
      )}
      <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>{text}</Markdown>
    </>
  );
}
