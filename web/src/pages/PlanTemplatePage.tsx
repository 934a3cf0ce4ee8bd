/**
 * /plans/template: the plan template an administrator keeps (PLAN-1). Next year's template starts
 * as a copy of the latest; its sections can be added, removed, reordered and reworded, each with
 * its guidance, who completes it and its kind. Plans copy the sections when they start, so a plan
 * already begun never changes: the page says so.
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import {
  KIND_LABELS, useCreateTemplate, useTemplate, useTemplates, useUpdateTemplate, type CompletedBy, type PlanTemplate, type SectionKind, type TemplateSection,
} from '../api/plans.js';
import { formatShortDate } from '../format/dates.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export default function PlanTemplatePage() {
  return (
    <RequirePermission permission="plan.template">
      <Templates />
    </RequirePermission>
  );
}
export { PlanTemplatePage };

const COMPLETED_BY_OPTIONS: { value: CompletedBy; text: string }[] = [
  { value: 'consortium', text: 'The consortium' }, { value: 'commissioner', text: 'The commissioner' }, { value: 'both', text: 'The consortium and the commissioner' },
];
const KIND_OPTIONS = (Object.entries(KIND_LABELS) as [SectionKind, string][]).map(([value, text]) => ({ value, text }));
const nextYear = (year: string) => {
  const start = Number(year.slice(0, 4)) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

function Templates() {
  const templates = useTemplates();
  const [search, setSearch] = useSearchParams();
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Plan template', formErrors);
  const selected = Number(search.get('id')) || templates.data?.[0]?.id || null;
  const select = (id: number) => setSearch(new URLSearchParams({ id: String(id) }), { preventScrollReset: true });

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <p><Link className="nhsuk-link" to="/plans">Commissioning plans</Link></p>
      <h1>Plan template</h1>
      <p className="nhsuk-lede-text">The sections and questions every group’s plan starts from. A plan uses the template in force for its year: the latest whose first year is not after it.</p>
      {templates.isPending && <LoadingStatus>Loading the templates…</LoadingStatus>}
      {templates.isError && <ProblemMessage><p>The templates could not be loaded. {templates.error.message}</p></ProblemMessage>}
      {templates.data && (
        <>
          <Table caption="Templates" captionSize="m">
            <TableHead>
              <HeaderCell>From year</HeaderCell><HeaderCell>Name</HeaderCell><HeaderCell numeric>Sections</HeaderCell><HeaderCell numeric>Plans begun</HeaderCell>
              <HeaderCell>Last changed</HeaderCell><HeaderCell><span className="nhsuk-u-visually-hidden">Edit</span></HeaderCell>
            </TableHead>
            <TableBody>
              {templates.data.map((t) => (
                <TableRow key={t.id}>
                  <Cell rowHeader>{t.fromYear}</Cell><Cell>{t.name}</Cell><Cell numeric>{t.sections}</Cell><Cell numeric>{t.plans}</Cell>
                  <Cell>{formatShortDate(t.updatedAt)} by {t.updatedBy}</Cell>
                  <Cell>{t.id === selected ? 'Shown below' : <Link className="nhsuk-link" to={`?id=${t.id}`}>Edit<span className="nhsuk-u-visually-hidden"> the template from {t.fromYear}</span></Link>}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {templates.data[0] && (
            <CreateNext latestYear={templates.data[0].fromYear} onCreated={(t) => { setFormErrors(false); setDone(`Template for ${t.fromYear} created as a copy of ${templates.data[0]!.fromYear}’s. Change it below.`); select(t.id); }} />
          )}
        </>
      )}
      {selected !== null && <TemplateEditorLoader key={selected} id={selected} onSaved={(message) => { setFormErrors(false); setDone(message); }} onErrorsChange={setFormErrors} />}
    </>
  );
}

function CreateNext({ latestYear, onCreated }: { latestYear: string; onCreated: (t: PlanTemplate) => void }) {
  const create = useCreateTemplate();
  const years = [nextYear(latestYear), nextYear(nextYear(latestYear)), nextYear(nextYear(nextYear(latestYear)))];
  const [year, setYear] = useState(years[0]!);
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ fromYear: year }, { onSuccess: (t) => { setError(null); onCreated(t); }, onError: (e) => setError(e.message) });
  }
  return (
    <section aria-labelledby="create-template">
      <h2 id="create-template">A template for a later year</h2>
      {error && <ErrorSummary errors={[{ text: error, fieldId: 'new-template-year' }]} />}
      <form className="app-inline-form" onSubmit={submit} noValidate>
        <Select id="new-template-year" label="First financial year it is for" value={year} onChange={setYear} error={error} options={years.map((y) => ({ value: y, text: y }))} />
        <Button variant="secondary" disabled={create.isPending}>{create.isPending ? 'Copying…' : `Copy the ${latestYear} template`}</Button>
      </form>
    </section>
  );
}

function TemplateEditorLoader({ id, onSaved, onErrorsChange }: { id: number; onSaved: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const template = useTemplate(id);
  if (template.isPending) return <LoadingStatus>Loading the template…</LoadingStatus>;
  if (template.isError) return <ProblemMessage><p>The template could not be loaded. {template.error.message}</p></ProblemMessage>;
  return <TemplateEditor key={template.data.updatedAt} template={template.data} onSaved={onSaved} onErrorsChange={onErrorsChange} />;
}

type Row = TemplateSection & { uid: number };
type Field = 'key' | 'part' | 'title' | 'guidance' | 'completedBy' | 'kind';
let uids = 0;
const fieldId = (i: number, field: Field) => `tpl-section-${i}-${field}`;

function TemplateEditor({ template, onSaved, onErrorsChange }: { template: PlanTemplate; onSaved: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const update = useUpdateTemplate(template.id);
  const [name, setName] = useState(template.name);
  const [introduction, setIntroduction] = useState(template.introduction);
  const [rows, setRows] = useState<Row[]>(() => template.sections.map((s) => ({ ...s, uid: ++uids })));
  const [errors, setErrors] = useState<{ items: ErrorSummaryItem[]; byField: Record<string, string> } | null>(null);

  const set = (i: number, change: Partial<TemplateSection>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...change } : row)));
  const move = (i: number, by: -1 | 1) => setRows((r) => {
    const next = [...r];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    return next;
  });
  const remove = (i: number) => setRows((r) => r.filter((_, j) => j !== i));
  const add = () => setRows((r) => [...r, { uid: ++uids, key: '', part: r.at(-1)?.part ?? '', title: '', guidance: '', completedBy: 'consortium', kind: 'text' }]);

  function show(found: typeof errors) {
    setErrors(found);
    onErrorsChange(found !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const sections = rows.map(({ uid: _uid, ...s }) => s);
    update.mutate({ name, introduction, sections, updatedAt: template.updatedAt }, {
      onSuccess: (t) => { show(null); onSaved(`The template from ${t.fromYear} is saved: plans started from now on use it.`); },
      onError: (e) => {
        const byField: Record<string, string> = {};
        const items: ErrorSummaryItem[] = [];
        for (const d of e instanceof ApiError ? e.details : []) {
          const m = d.field?.match(/^body\.sections\.(\d+)\.(\w+)$/);
          const id = m ? fieldId(Number(m[1]), m[2] as Field) : d.field === 'body.name' ? 'tpl-name' : undefined;
          const text = m ? `Section ${Number(m[1]) + 1}: ${m[2]} ${d.message}` : d.message;
          if (id) byField[id] = text;
          items.push({ text, fieldId: id });
        }
        show({ items: items.length ? items : [{ text: e.message }], byField });
      },
    });
  }

  const err = (id: string) => errors?.byField[id];
  return (
    <section aria-labelledby="edit-template">
      <h2 id="edit-template">The template from {template.fromYear}</h2>
      <InsetText>
        <p>{template.plans === 0 ? 'No plan has begun from this template yet.' : `${template.plans} plan${template.plans === 1 ? ' has' : 's have'} begun from this template.`} Plans copy the sections when they start, so changes here apply only to plans started from now on; plans already begun keep their sections as they are.</p>
      </InsetText>
      <form onSubmit={submit} noValidate>
        {errors && <ErrorSummary errors={errors.items} />}
        <TextInput id="tpl-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={err('tpl-name')} maxLength={200} />
        <Textarea id="tpl-introduction" label="Introduction (purpose and principles)" hint="Markdown, shown at the top of every plan." rows={8} value={introduction} onChange={(e) => setIntroduction(e.target.value)} />
        <h3>Sections, in order</h3>
        {rows.map((row, i) => (
          <fieldset key={row.uid} className="nhsuk-fieldset nhsuk-u-margin-bottom-6">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Section {i + 1}{row.key || row.title ? `: ${row.key} ${row.title}` : ' (new)'}</legend>
            <TextInput id={fieldId(i, 'key')} label="Number" hint="Like 4.2: lower-case letters, digits and dots" width={5} value={row.key} error={err(fieldId(i, 'key'))} onChange={(e) => set(i, { key: e.target.value })} maxLength={20} />
            <TextInput id={fieldId(i, 'part')} label="Part of the plan" value={row.part} error={err(fieldId(i, 'part'))} onChange={(e) => set(i, { part: e.target.value })} maxLength={200} />
            <TextInput id={fieldId(i, 'title')} label="Title or question" value={row.title} error={err(fieldId(i, 'title'))} onChange={(e) => set(i, { title: e.target.value })} maxLength={300} />
            <Textarea id={fieldId(i, 'guidance')} label="Guidance for writers" rows={2} value={row.guidance} error={err(fieldId(i, 'guidance'))} onChange={(e) => set(i, { guidance: e.target.value })} maxLength={4000} />
            <Select id={fieldId(i, 'completedBy')} label="For completion by" value={row.completedBy} onChange={(v) => set(i, { completedBy: v as CompletedBy })} options={COMPLETED_BY_OPTIONS} error={err(fieldId(i, 'completedBy'))} />
            <Select id={fieldId(i, 'kind')} label="Kind" hint="Written text, or a part drawn from the hub" value={row.kind} onChange={(v) => set(i, { kind: v as SectionKind })} options={KIND_OPTIONS} error={err(fieldId(i, 'kind'))} />
            <ButtonGroup>
              <Button type="button" variant="secondary" small disabled={i === 0} onClick={() => move(i, -1)}>Move up<span className="nhsuk-u-visually-hidden"> section {i + 1}</span></Button>
              <Button type="button" variant="secondary" small disabled={i === rows.length - 1} onClick={() => move(i, 1)}>Move down<span className="nhsuk-u-visually-hidden"> section {i + 1}</span></Button>
              <Button type="button" variant="warning" small onClick={() => remove(i)}>Remove<span className="nhsuk-u-visually-hidden"> section {i + 1}</span></Button>
            </ButtonGroup>
          </fieldset>
        ))}
        <ButtonGroup>
          <Button type="button" variant="secondary" onClick={add}>Add a section</Button>
          <Button disabled={update.isPending}>{update.isPending ? 'Saving…' : 'Save the template'}</Button>
        </ButtonGroup>
      </form>
    </section>
  );
}
