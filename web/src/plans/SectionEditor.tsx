/**
 * Writing one section: a labelled textarea (Markdown, tables allowed) with a live preview of what
 * readers will see, and a way to put a live figure at the cursor. Saving names the revision the
 * writer started from, so someone else's save in between is a conflict (shown, the text kept),
 * never silently overwritten.
 */
import { useState, type FormEvent } from 'react';
import { figureToken, formatFigure, unknownTokens } from '../../../src/domain/plans/figures.js';
import { useSaveSection, type PlanFigures, type PlanSection } from '../api/plans.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { Details } from '../nhsuk/Details.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { Select } from '../nhsuk/Select.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { PlanMarkdown } from './PlanMarkdown.js';
import { sectionId } from './PlanTags.js';

export function SectionEditor({ planId, section, figures, onSaved, onCancel, onErrorsChange }: {
  planId: number;
  section: PlanSection;
  figures: PlanFigures;
  onSaved: (message: string) => void;
  onCancel: () => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const save = useSaveSection(planId);
  const [body, setBody] = useState(section.body);
  const [figure, setFigure] = useState(Object.keys(figures)[0] ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = `${sectionId(section.key)}-text`;
  const unknown = unknownTokens(body, figures);
  const unknownMessage = unknown.length ? `${unknown.map((k) => `{{${k}}}`).join(', ')} ${unknown.length === 1 ? 'is not a figure' : 'are not figures'}: choose figures from the list` : null;
  // Shown by the field as the writer types; in the summary (which takes focus) only on saving.
  const fieldError = problem ?? unknownMessage;

  function show(message: string | null) {
    setProblem(message);
    onErrorsChange(message !== null);
  }

  function insertFigure() {
    const field = document.getElementById(fieldId) as HTMLTextAreaElement | null;
    const at = field?.selectionStart ?? body.length;
    const token = figureToken(figure);
    setBody(body.slice(0, at) + token + body.slice(field?.selectionEnd ?? at));
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (unknownMessage) {
      show(unknownMessage);
      return;
    }
    // mutateAsync, not mutate's callbacks: the saved revision remounts this editor (its key) when the
    // plan is fetched again, which can drop those callbacks before they run.
    save.mutateAsync({ key: section.key, body, revision: section.revision }).then(
      () => {
        show(null);
        onSaved(`Section ${section.key} saved.`);
      },
      // A conflict says who saved since and what to do; the writer's text stays in the box.
      (e: Error) => show(e.message || 'The section could not be saved.'),
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary errors={[{ text: problem, fieldId }]} />}
      <Textarea id={fieldId} label={`Text of ${section.key} ${section.title}`} labelSize="s" rows={12} maxLength={200_000} value={body} error={fieldError}
        onChange={(e) => setBody(e.target.value)} spellCheck
        hint={<>Write in Markdown: a blank line between paragraphs, <code>**bold**</code>, lists starting <code>- </code> or <code>1. </code>. For a table, write a heading row like <code>| Figure | Value |</code>, then <code>|---|---|</code>, then a row per line.</>} />
      <div className="app-inline-form">
        <Select id={`${fieldId}-figure`} label="Figure to insert at the cursor" value={figure} onChange={setFigure}
          options={Object.entries(figures).map(([key, f]) => ({ value: key, text: `${f.label} (${formatFigure(f)})` }))} />
        <Button type="button" variant="secondary" onClick={insertFigure}>Insert figure</Button>
      </div>
      <Details summary="Figures you can use">
        <ul className="nhsuk-list">
          {Object.entries(figures).map(([key, f]) => <li key={key}><code>{figureToken(key)}</code>: {f.label}, now {formatFigure(f)}. <span className="app-secondary">{f.source}</span></li>)}
        </ul>
      </Details>
      <h4>Preview</h4>
      <div className="nhsuk-inset-text" aria-live="off">
        <span className="nhsuk-u-visually-hidden">Preview: </span>
        {body.trim() ? <PlanMarkdown markdown={body} figures={figures} /> : <p className="app-secondary">Nothing written yet.</p>}
      </div>
      <ButtonGroup>
        <Button disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save section'}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
    </form>
  );
}
