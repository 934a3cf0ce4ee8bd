/**
 * /plans/:id/responsibilities: roles and responsibilities (PLAN-4; seed 004, Appendix 4 part 3):
 * what we expect from the commissioner, what the consortium will do, what we expect from the
 * practices. Three lists; while the plan is a draft its writers edit them, one responsibility a
 * line, and save all three together.
 */
import { useState, type FormEvent } from 'react';
import { RESPONSIBLE_PARTIES, useResponsibilities, useSaveResponsibilities, type ResponsibleParty, type Responsibilities } from '../api/plan-cases.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { Textarea } from '../nhsuk/Textarea.js';
import { FrozenBanner, PlanParts, planPath, useIdParam } from '../plans/cases/shared.js';

export function ResponsibilitiesPage() {
  return (
    <RequirePermission permission="plan.read">
      <ResponsibilitiesView />
    </RequirePermission>
  );
}
export default ResponsibilitiesPage;

function ResponsibilitiesView() {
  const planId = useIdParam('id') ?? 0;
  const me = useCurrentUser();
  const found = useResponsibilities(planId);
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('Roles and responsibilities', formErrors);

  if (found.isPending) return <LoadingStatus>Loading the roles and responsibilities…</LoadingStatus>;
  if (found.isError) return <ProblemMessage><p>The roles and responsibilities could not be loaded. {found.error.message}</p></ProblemMessage>;
  const data = found.data;
  const editable = data.plan.editable && can(me, 'plan.edit');
  return (
    <>
      <BackLink to={planPath(planId)}>Back to the plan</BackLink>
      {done && <NotificationBanner success heading={done} />}
      <span className="nhsuk-caption-l">{data.plan.title}</span>
      <h1>Roles and responsibilities</h1>
      <PlanParts planId={planId} current="responsibilities" />
      <FrozenBanner plan={data.plan} />
      {editable
        ? <EditLists key={JSON.stringify(data.parties)} data={data} planId={planId} onDone={(m) => { setDone(m); setFormErrors(false); }} onErrorsChange={setFormErrors} />
        : data.parties.map((p) => (
          <section key={p.party} aria-labelledby={`party-${p.party}`}>
            <h2 id={`party-${p.party}`}>{p.label}</h2>
            {p.items.length ? <ul>{p.items.map((item, i) => <li key={i}>{item}</li>)}</ul> : <p className="app-secondary">None written.</p>}
          </section>
        ))}
    </>
  );
}

function EditLists({ data, planId, onDone, onErrorsChange }: { data: Responsibilities; planId: number; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const save = useSaveResponsibilities(planId);
  const [text, setText] = useState<Record<ResponsibleParty, string>>(() =>
    Object.fromEntries(data.parties.map((p) => [p.party, p.items.join('\n')])) as Record<ResponsibleParty, string>);
  const [problem, setProblem] = useState<string | null>(null);
  const [tooLong, setTooLong] = useState<Partial<Record<ResponsibleParty, string>>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const lists = Object.fromEntries(RESPONSIBLE_PARTIES.map((p) => [p, text[p].split('\n').map((l) => l.trim()).filter(Boolean)])) as Record<ResponsibleParty, string[]>;
    const found: Partial<Record<ResponsibleParty, string>> = {};
    for (const p of RESPONSIBLE_PARTIES) if (lists[p].some((l) => l.length > 2000)) found[p] = 'Each responsibility must be 2,000 characters or fewer';
    setTooLong(found);
    setProblem(null);
    onErrorsChange(Object.keys(found).length > 0);
    if (Object.keys(found).length) return;
    save.mutate(lists, {
      onSuccess: () => onDone('Roles and responsibilities saved.'),
      onError: (error) => {
        setProblem(error.message);
        onErrorsChange(true);
      },
    });
  }

  const errors = [
    ...RESPONSIBLE_PARTIES.filter((p) => tooLong[p]).map((p) => ({ text: tooLong[p]!, fieldId: `responsibilities-${p}` })),
    ...(problem ? [{ text: problem }] : []),
  ];
  return (
    <form onSubmit={submit} noValidate>
      {errors.length > 0 && <ErrorSummary errors={errors} />}
      <p>One responsibility a line. Blank lines are left out.</p>
      {data.parties.map((p) => (
        <Textarea key={p.party} id={`responsibilities-${p.party}`} label={p.label} labelSize="m" rows={6} value={text[p.party]} error={tooLong[p.party]}
          onChange={(e) => setText((t) => ({ ...t, [p.party]: e.target.value }))} />
      ))}
      <Button disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save roles and responsibilities'}</Button>
    </form>
  );
}
