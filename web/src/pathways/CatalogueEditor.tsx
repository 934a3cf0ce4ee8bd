/**
 * One catalogue page (community services, prior approval): a table of entries that managers
 * (pathway.manage) add, change and remove in place, one form or confirmation open at a time, with
 * an error summary for problems and a banner for what was done. A page gives only what differs:
 * its wording, columns and form.
 */
import { useState, type ComponentType, type FormEvent, type ReactNode } from 'react';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { DataTable, type DataColumn } from '../nhsuk/Table.js';
import { COMMON_SPECIALTIES, specialtyName } from '../referrals/labels.js';
import {
  FocusedHeading, RemoveConfirmation, RowButtons, focusLater, problemsFromApi, summaryOf, type Editing, type FieldErrors,
} from './catalogue-editing.js';

export interface CatalogueEntry { code: string; name: string; tfc: string | null; tfcName?: string | null }

/** The form's fields: their input ids (in the form's order, for the error summary) and labels (for the server's messages). */
export interface CatalogueFields { ids: Record<string, string>; labels: Record<string, string> }

/** What the editor gives a page's form. */
export interface CatalogueFormProps<Entry> {
  /** the entry to change; without it, a new one */
  entry?: Entry;
  existing: Entry[];
  heading: string;
  onSaved: (saved: Entry) => void;
  onCancel: () => void;
  onProblems: (items: ErrorSummaryItem[]) => void;
}

export function CatalogueEditor<Entry extends CatalogueEntry>({
  title, lede, entries, remove, fields, columns, nameOf, Form, addButton, caption, loading, loadFailed, empty, banners, removal,
}: {
  /** the page's title and heading */
  title: string;
  lede: ReactNode;
  entries: UseQueryResult<Entry[]>;
  remove: UseMutationResult<unknown, Error, string>;
  fields: CatalogueFields;
  /** the table's columns; managers get a last one to change or remove the row */
  columns: DataColumn<Entry>[];
  /** how an entry is named in buttons, headings and banners */
  nameOf: (entry: Entry) => string;
  Form: ComponentType<CatalogueFormProps<Entry>>;
  /** the "Add" button, whose text is also the add form's heading */
  addButton: { id: string; text: string };
  caption: string;
  loading: string;
  /** said before the server's reason */
  loadFailed: string;
  empty: string;
  /** the success banners, given the entry's name */
  banners: { added: (name: string) => string; changed: (name: string) => string; removed: (name: string) => string };
  removal: { heading: (name: string) => string; button: string; explanation: ReactNode };
}) {
  const me = useCurrentUser();
  const manage = can(me, 'pathway.manage');
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problems, setProblems] = useState<ErrorSummaryItem[]>([]);
  // Bumped with each set of problems, so the summary takes focus again.
  const [attempt, setAttempt] = useState(0);
  usePageTitle(title, problems.length > 0);

  const open = (next: Editing) => {
    setDone(null);
    setProblems([]);
    setEditing(next);
  };
  const close = (message: string | null) => {
    setEditing(null);
    setProblems([]);
    setDone(message);
    if (!message) focusLater(addButton.id);
  };
  const showProblems = (items: ErrorSummaryItem[]) => {
    setDone(null);
    setProblems(items);
    setAttempt((n) => n + 1);
  };

  const list = entries.data ?? [];
  const current = editing && editing.kind !== 'add' ? list.find((e) => e.code === editing.code) : undefined;
  const actions: DataColumn<Entry> = {
    header: 'Actions',
    cell: (entry) => (
      <RowButtons name={nameOf(entry)} disabled={Boolean(editing)} onChange={() => open({ kind: 'change', code: entry.code })} onRemove={() => open({ kind: 'remove', code: entry.code })} />
    ),
  };

  return (
    <>
      <BackLink to="/pathways">Back to pathways</BackLink>
      {problems.length > 0 && <ErrorSummary key={attempt} description="Nothing was changed." errors={problems} />}
      {done && <NotificationBanner success heading={done} />}
      <h1>{title}</h1>
      <p className="nhsuk-lede-text">{lede}</p>

      {manage && !editing && (
        <ButtonGroup>
          <Button type="button" variant="secondary" id={addButton.id} onClick={() => open({ kind: 'add' })}>{addButton.text}</Button>
        </ButtonGroup>
      )}
      {manage && editing?.kind === 'add' && (
        <Form existing={list} heading={addButton.text} onSaved={(saved) => close(banners.added(nameOf(saved)))} onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'change' && current && (
        <Form key={current.code} entry={current} existing={list} heading={`Change ${nameOf(current)}`} onSaved={(saved) => close(banners.changed(nameOf(saved)))}
          onCancel={() => close(null)} onProblems={showProblems} />
      )}
      {manage && editing?.kind === 'remove' && current && (
        <RemoveConfirmation heading={removal.heading(nameOf(current))} button={removal.button} pending={remove.isPending} onCancel={() => close(null)}
          onConfirm={() => remove.mutate(current.code, {
            onSuccess: () => close(banners.removed(nameOf(current))),
            onError: (error) => showProblems(problemsFromApi(error, fields.labels, fields.ids).items),
          })}>
          {removal.explanation}
        </RemoveConfirmation>
      )}

      {entries.isPending && <LoadingStatus>{loading}</LoadingStatus>}
      {entries.isError && <ProblemMessage><p>{loadFailed} {entries.error.message}</p></ProblemMessage>}
      {entries.isSuccess && (list.length === 0 ? <p>{empty}</p> : (
        <DataTable caption={caption} captionHidden rows={list} rowKey={(e) => e.code} scrollable columns={manage ? [...columns, actions] : columns} />
      ))}
    </>
  );
}

/**
 * A form's errors and its submit: what the form found wrong shows by the fields and in the
 * summary; with nothing wrong it saves, and the server's problems show the same way.
 */
export function useCatalogueSave<Entry, Vars>(
  save: UseMutationResult<Entry, Error, Vars>,
  fields: CatalogueFields,
  { onSaved, onProblems }: Pick<CatalogueFormProps<Entry>, 'onSaved' | 'onProblems'>,
) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function submit(found: FieldErrors, vars: Vars) {
    setErrors(found);
    if (Object.keys(found).length) {
      onProblems(summaryOf(found, fields.ids));
      return;
    }
    save.mutate(vars, {
      onSuccess: onSaved,
      onError: (error) => {
        const p = problemsFromApi(error, fields.labels, fields.ids);
        setErrors(p.fields);
        onProblems(p.items);
      },
    });
  }
  return { errors, submit };
}

/** The frame of an add or change form: its focused heading, then the page's fields, then save and cancel. */
export function CatalogueForm({ heading, submitText, pending, onSubmit, onCancel, children }: {
  heading: string;
  submitText: string;
  pending: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <form className="app-actions" onSubmit={submit} noValidate aria-label={heading}>
      <FocusedHeading>{heading}</FocusedHeading>
      {children}
      <ButtonGroup>
        <Button disabled={pending}>{submitText}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
    </form>
  );
}

/** "Specialty (optional)": any, or one of the common ones; an entry's own uncommon specialty stays on offer, first. */
export function SpecialtySelect({ id, hint, entry, value, onChange, error }: {
  id: string;
  hint?: string;
  entry?: CatalogueEntry;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const specialties = COMMON_SPECIALTIES.some((s) => s.code === entry?.tfc) || !entry?.tfc
    ? COMMON_SPECIALTIES : [{ code: entry.tfc, name: entry.tfcName ?? entry.tfc }, ...COMMON_SPECIALTIES];
  return (
    <Select id={id} label="Specialty (optional)" hint={hint} value={value} onChange={onChange} error={error}
      options={[{ value: '', text: 'Any specialty' }, ...specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))]} />
  );
}

/** The specialty column's text: "Trauma and Orthopaedic (110)", or "Any". */
export const specialtyOf = (entry: CatalogueEntry) => (entry.tfc ? `${entry.tfcName ?? specialtyName(entry.tfc)} (${entry.tfc})` : 'Any');
