/**
 * Edit a pathway (pathway.manage): its name, specialty, description, whether it is in use, and
 * its criteria as rows to change, add and remove. Saves with the version opened; the server's
 * problems show by their fields, and a conflict offers to reload. Without a pathway it creates
 * one: the same form with a code to choose first.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { useCreatePathway, usePathways, useSavePathway } from '../api/referrals.js';
import type { Pathway, PathwayCriterionKind, QuestionType, ThresholdOperator } from '../api/types.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button, ButtonGroup } from '../nhsuk/Button.js';
import { Checkbox } from '../nhsuk/Checkbox.js';
import { ErrorSummary, type ErrorSummaryItem } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus } from '../nhsuk/Status.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { specialtyOptions } from '../referrals/labels.js';
import {
  INPUT_LABELS, KIND_LABELS, OPERATOR_LABELS, checkRows, criterionFieldId, criterionTarget, emptyRow, fromRows, toRow, type CriterionRow,
} from './criteria.js';

/** How a criterion's inputs are named in messages. */
const PART_NAMES: Record<string, string> = {
  id: 'label', label: 'label', kind: 'kind', field: 'information key', test: 'information key', input: 'answer', operator: 'operator',
  value: 'value', unit: 'unit', codes: 'excluded codes', hint: 'hint',
};

const TOP_FIELDS: Record<string, string> = { code: 'pathway-code', name: 'pathway-name', tfc: 'pathway-tfc', description: 'pathway-description', active: 'pathway-active' };

function fieldIdFor(path: string): string | undefined {
  if (TOP_FIELDS[path]) return TOP_FIELDS[path];
  const target = criterionTarget(path);
  return target ? criterionFieldId(target.index, target.part) : undefined;
}

/** The code rule the server keeps (migrations/0003_referrals.sql). */
const PATHWAY_CODE = /^[a-z0-9][a-z0-9-]{1,40}$/;

type EditorProps =
  /** `created`: the pathway was created a moment ago (say so until the next save) */
  | { pathway: Pathway; onReload: () => Promise<unknown>; created?: boolean; onCreated?: never }
  | { pathway?: undefined; onReload?: never; created?: never; onCreated: (created: Pathway) => void };

export function PathwayEditor({ pathway, onReload, created = false, onCreated }: EditorProps) {
  const creating = !pathway;
  const save = useSavePathway(pathway?.code ?? '');
  const create = useCreatePathway();
  const pathways = usePathways();
  const [code, setCode] = useState('');
  const [name, setName] = useState(pathway?.name ?? '');
  const [tfc, setTfc] = useState(pathway?.tfc ?? '');
  const [description, setDescription] = useState(pathway?.description ?? '');
  const [active, setActive] = useState(pathway?.active !== false);
  const [rows, setRows] = useState<CriterionRow[]>(() => pathway?.criteria.map(toRow) ?? []);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [justCreated, setJustCreated] = useState(created);
  const [message, setMessage] = useState('');
  const [attempt, setAttempt] = useState(0);
  const hasProblems = Object.keys(problems).length > 0 || Boolean(conflict);
  const title = pathway ? `Edit ${pathway.name}` : 'Create a pathway';
  usePageTitle(title, hasProblems);

  const specialties = specialtyOptions(pathways.data ?? []);
  if (pathway && !specialties.some((s) => s.code === pathway.tfc)) specialties.unshift({ code: pathway.tfc, name: pathway.tfcName ?? pathway.tfc });
  const specialtyChoices = [...(creating ? [{ value: '', text: 'Choose a specialty' }] : []), ...specialties.map((s) => ({ value: s.code, text: `${s.name} (${s.code})` }))];

  const update = (index: number, change: Partial<CriterionRow>) => setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...change } : r)));
  function add() {
    setRows((rs) => [...rs, emptyRow()]);
    setMessage(`Criterion ${rows.length + 1} added.`);
    // Move to the new row's first field once it is drawn.
    requestAnimationFrame(() => document.getElementById(criterionFieldId(rows.length, 'kind'))?.focus());
  }
  function remove(index: number) {
    const label = rows[index]?.label || `criterion ${index + 1}`;
    setRows((rs) => rs.filter((_, i) => i !== index));
    setProblems({});
    setMessage(`Removed ${label}.`);
    requestAnimationFrame(() => document.getElementById('add-criterion')?.focus());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setJustCreated(false);
    setConflict(null);
    // In the order of the form, so the summary lists them top to bottom.
    const found: Record<string, string> = {};
    if (creating && !code.trim()) found.code = 'Enter a code for the pathway';
    else if (creating && !PATHWAY_CODE.test(code.trim())) found.code = 'Code must be 2 to 41 lower-case letters, digits or hyphens, starting with a letter or digit, like knee-pain';
    if (!name.trim()) found.name = 'Enter a name for the pathway';
    if (!tfc) found.tfc = 'Select a specialty';
    Object.assign(found, checkRows(rows));
    setProblems(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length) return;
    const fields = { name: name.trim(), tfc, description: description.trim(), active, criteria: fromRows(rows) };
    const onError = (error: Error) => {
      setAttempt((n) => n + 1);
      // A version conflict on editing; on creating, a 409 is a code already taken, said by the field.
      if (error instanceof ApiError && error.status === 409) {
        if (creating) setProblems({ code: error.message });
        else setConflict(error.message);
        return;
      }
      const next: Record<string, string> = {};
      if (error instanceof ApiError && error.details.length) {
        for (const d of error.details) {
          // "body.criteria.4.codes.1" is about criterion 5's codes: keep the criterion and its input.
          const raw = (d.field ?? 'form').replace(/^body\./, '');
          const m = /^criteria\.(\d+)(?:\.([a-zA-Z]+))?/.exec(raw);
          const path = m ? `criteria.${m[1]}.${m[2] ?? 'label'}` : raw;
          const text = m ? `Criterion ${Number(m[1]) + 1}, ${PART_NAMES[m[2] ?? 'label'] ?? m[2]}: ${d.message}` : d.message;
          next[path] = next[path] ? `${next[path]}; ${d.message}` : text;
        }
      } else {
        next.form = error.message;
      }
      setProblems(next);
    };
    if (!pathway) {
      create.mutate({ ...fields, code: code.trim() }, { onSuccess: (created) => onCreated?.(created), onError });
      return;
    }
    save.mutate({ ...fields, version: pathway.version }, {
      onSuccess: (updated) => {
        setSaved(updated.version);
        setRows(updated.criteria.map(toRow));
      },
      onError,
    });
  }

  async function reload() {
    await onReload?.();
  }

  const summary: ErrorSummaryItem[] = Object.entries(problems).map(([path, text]) => ({ text: sentence(text), fieldId: fieldIdFor(path) }));
  const error = (path: string) => problems[path] ?? null;
  const rowError = (i: number, ...parts: string[]) => parts.map((p) => problems[`criteria.${i}.${p}`]).find(Boolean) ?? null;

  return (
    <>
      {conflict && (
        <ErrorSummary key={`c${attempt}`} title="This pathway has changed" errors={[{ text: conflict }]}>
          <p>Your changes were not saved.</p>
          <Button type="button" variant="secondary" className="nhsuk-u-margin-bottom-0" onClick={() => void reload()}>Reload pathway</Button>
        </ErrorSummary>
      )}
      {!conflict && summary.length > 0 && <ErrorSummary key={attempt} description="Nothing was saved." errors={summary} />}
      {saved !== null && <NotificationBanner success heading={`Pathway saved: this is version ${saved}.`}><p>New referrals are checked against these criteria. Referrals already received keep the check made when they arrived.</p></NotificationBanner>}
      {justCreated && pathway && (
        <NotificationBanner success heading={`Pathway created: ${pathway.name}`}>
          <p>{pathway.active === false ? 'It is not in use yet: tick “In use” and save to offer it on the referral form.' : 'The referral form offers it for this specialty.'}</p>
        </NotificationBanner>
      )}
      {pathway && <span className="nhsuk-caption-l">Pathway {pathway.code}</span>}
      <h1>{title}</h1>
      {creating && <p className="nhsuk-lede-text">Say what a referral to this pathway should show. Once created, the pathway is offered on the referral form while it is in use.</p>}
      <form onSubmit={submit} noValidate>
        {creating && (
          <TextInput id={TOP_FIELDS.code!} label="Code" hint="Lower-case letters, digits and hyphens, like knee-pain. It names the pathway in referrals and uploads, and cannot be changed later."
            width={20} spellCheck={false} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} error={error('code')} />
        )}
        <TextInput id={TOP_FIELDS.name!} label="Name" value={name} onChange={(e) => setName(e.target.value)} error={error('name')} />
        <Select id={TOP_FIELDS.tfc!} label="Specialty" value={tfc} onChange={setTfc} error={error('tfc')} options={specialtyChoices} />
        <Textarea id={TOP_FIELDS.description!} label="Description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={error('description')} />
        <Checkbox id={TOP_FIELDS.active!} label="In use: offer this pathway on the referral form" checked={active} onChange={setActive} />

        <h2>Criteria</h2>
        <p>Each criterion asks the referrer one thing (excluded diagnoses are checked against the referral’s clinical code). Answers are stored under their information key.</p>
        {rows.length === 0 && <p>There are no criteria: every referral meets this pathway.</p>}
        {rows.map((row, i) => (
          <fieldset key={row.key} className="nhsuk-fieldset app-criterion">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Criterion {i + 1}{row.label ? `: ${row.label}` : ''}</legend>
            <div className="app-criterion__grid">
              <Select id={criterionFieldId(i, 'kind')} label="Kind" value={row.kind} onChange={(v) => update(i, { kind: v as PathwayCriterionKind })} error={rowError(i, 'kind')}
                options={(Object.keys(KIND_LABELS) as PathwayCriterionKind[]).map((k) => ({ value: k, text: KIND_LABELS[k] }))} />
              <TextInput id={criterionFieldId(i, 'label')} label="Label" value={row.label} onChange={(e) => update(i, { label: e.target.value })} error={rowError(i, 'label', 'id')} />
              {row.kind !== 'excluded_diagnosis' && (
                <TextInput id={criterionFieldId(i, 'key')} label={row.kind === 'required_test' ? 'Test (information key)' : 'Field (information key)'} hint="snake_case, like symptom_months" width={20} spellCheck={false} autoComplete="off"
                  value={row.infoKey} onChange={(e) => update(i, { infoKey: e.target.value })} error={rowError(i, 'field', 'test')} />
              )}
              {(row.kind === 'required_field' || row.kind === 'required_test') && (
                <Select id={criterionFieldId(i, 'input')} label="Answer" value={row.input} onChange={(v) => update(i, { input: v as QuestionType | '' })} error={rowError(i, 'input')}
                  options={[{ value: '', text: 'Text' }, ...(['number', 'yes-no', 'date'] as QuestionType[]).map((t) => ({ value: t, text: INPUT_LABELS[t] }))]} />
              )}
              {row.kind === 'threshold' && (
                <>
                  <Select id={criterionFieldId(i, 'operator')} label="Operator" value={row.operator} onChange={(v) => update(i, { operator: v as ThresholdOperator })} error={rowError(i, 'operator')}
                    options={(Object.keys(OPERATOR_LABELS) as ThresholdOperator[]).map((o) => ({ value: o, text: OPERATOR_LABELS[o] }))} />
                  <TextInput id={criterionFieldId(i, 'value')} label="Value" width={5} inputMode="decimal" autoComplete="off" value={row.value} onChange={(e) => update(i, { value: e.target.value })} error={rowError(i, 'value')} />
                </>
              )}
              {row.kind !== 'excluded_diagnosis' && (
                <TextInput id={criterionFieldId(i, 'unit')} label="Unit (optional)" width={10} autoComplete="off" value={row.unit} onChange={(e) => update(i, { unit: e.target.value })} error={rowError(i, 'unit')} />
              )}
              {row.kind === 'excluded_diagnosis' && (
                <TextInput id={criterionFieldId(i, 'codes')} label="Excluded codes" hint="ICD-10 codes or prefixes, separated by commas, like C40, S83" spellCheck={false} autoComplete="off"
                  value={row.codes} onChange={(e) => update(i, { codes: e.target.value })} error={rowError(i, 'codes')} />
              )}
              <TextInput id={criterionFieldId(i, 'hint')} label="Hint for the referrer (optional)" autoComplete="off" value={row.hint} onChange={(e) => update(i, { hint: e.target.value })} error={rowError(i, 'hint')} />
            </div>
            <Button type="button" variant="secondary" small onClick={() => remove(i)}>
              Remove criterion {i + 1}<span className="nhsuk-u-visually-hidden">{row.label ? `: ${row.label}` : ''}</span>
            </Button>
          </fieldset>
        ))}
        <LiveStatus visuallyHidden>{message}</LiveStatus>
        <ButtonGroup>
          <Button type="button" variant="secondary" id="add-criterion" onClick={add}>Add a criterion</Button>
        </ButtonGroup>
        <Button disabled={save.isPending || create.isPending}>{creating ? 'Create pathway' : 'Save pathway'}</Button>
      </form>
    </>
  );
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
