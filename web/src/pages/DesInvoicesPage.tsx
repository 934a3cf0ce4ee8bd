/**
 * /des-invoices: the held 25% of DES payments (FIN-7) and the invoices paid from it. The pot is
 * shown as one clear figure (what is left), with how it is made up; invoices are entered (finance,
 * or a practice for itself), approved or rejected with notes by the consortium's board, and marked
 * paid by finance. After an approval the pot falls by the invoice's amount. The group and the
 * invoice open for a decision live in the address.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  invoicesDownloadUrl, useDecideInvoice, useDesInvoices, useDesPot, useMarkInvoicePaid, useSubmitInvoice, type DesInvoice, type DesPot,
} from '../api/allowances.js';
import { useGroups } from '../api/hooks.js';
import { InvoiceStatusTag, YearForm, fromServer, summaryOf, useYearParam, type FieldErrors } from '../allowances/shared.js';
import { parsePoundsInput } from '../activity/money.js';
import { formatDateTime, formatShortDate } from '../format/dates.js';
import { formatPence, plural } from '../format/numbers.js';
import { can, useCurrentUser } from '../layout/CurrentUser.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { Button } from '../nhsuk/Button.js';
import { ErrorSummary } from '../nhsuk/ErrorSummary.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { Radios, firstRadioId } from '../nhsuk/Radios.js';
import { Select } from '../nhsuk/Select.js';
import { LiveStatus, LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList, type SummaryRow } from '../nhsuk/SummaryList.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { Textarea } from '../nhsuk/Textarea.js';

export function DesInvoicesPage() {
  return (
    <RequirePermission permission="budget.view">
      <DesInvoices />
    </RequirePermission>
  );
}

function DesInvoices() {
  const me = useCurrentUser();
  const isPractice = me.role === 'practice';
  const [year, setYear] = useYearParam();
  const [search, setSearch] = useSearchParams();
  const group = isPractice ? '' : (search.get('group') ?? '');
  const pot = useDesPot(year, group);
  const invoices = useDesInvoices(year, group);
  const selectedId = Number(search.get('invoice')) || null;
  const selected = invoices.data?.find((i) => i.id === selectedId) ?? null;
  const [done, setDone] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle('DES invoices', formErrors);

  const to = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    return qs ? `?${qs}` : '?';
  };
  const announce = (message: string) => {
    setDone(message);
    setFormErrors(false);
  };

  return (
    <>
      {done && <NotificationBanner success heading={done} />}
      <h1>DES invoices</h1>
      <p className="nhsuk-lede-text">
        Of each DES payment, 75% is paid direct to the practice and 25% is held by the commissioner to pay invoices the consortium approves.
        {isPractice ? ' You see your group’s pot and the invoices your practice has entered.' : ''}
      </p>
      <YearForm key={year} id="des-year" year={year} onChange={(y) => { setDone(null); setYear(y); }} button="Show invoices" />
      {!isPractice && <GroupFilter key={group} group={group} onChange={(g) => { setDone(null); setSearch(new URLSearchParams(to({ group: g, invoice: null }).slice(1)), { preventScrollReset: true }); }} />}

      {pot.isPending && <LoadingStatus>Loading the pot…</LoadingStatus>}
      {pot.isError && <ProblemMessage><p>The pot could not be loaded. {pot.error.message}</p></ProblemMessage>}
      {pot.data && <PotPanel pot={pot.data} />}

      {selected && (
        <Decision
          key={selected.id}
          invoice={selected}
          canDecide={can(me, 'invoice.approve')}
          canPay={can(me, 'budget.manage')}
          closeLink={to({ invoice: null })}
          onDone={(message) => { announce(message); setSearch(new URLSearchParams(to({ invoice: null }).slice(1)), { preventScrollReset: true }); }}
          onErrorsChange={setFormErrors}
        />
      )}

      <section aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">Invoices for {year}</h2>
        {invoices.isPending && <LoadingStatus>Loading the invoices…</LoadingStatus>}
        {invoices.isError && <ProblemMessage><p>The invoices could not be loaded. {invoices.error.message}</p></ProblemMessage>}
        {invoices.data && (
          <>
            <LiveStatus>{invoices.data.length ? `${plural(invoices.data.length, 'invoice')}.` : `There are no invoices for ${year} yet.`}</LiveStatus>
            {invoices.data.length > 0 && <InvoicesTable invoices={invoices.data} selectedId={selected?.id ?? null} reviewLink={(i) => to({ invoice: String(i.id) })} />}
            <ul className="nhsuk-list">
              <li><a className="nhsuk-link" href={invoicesDownloadUrl('xlsx', year, group)} download>Download the invoices (XLSX)</a></li>
              <li><a className="nhsuk-link" href={invoicesDownloadUrl('csv', year, group)} download>Download the invoices (CSV)</a></li>
            </ul>
          </>
        )}
      </section>

      {can(me, 'invoice.submit') && pot.data && (
        <SubmitForm key={`${year}-${group}`} year={year} group={group} pot={pot.data} practiceUser={isPractice}
          onDone={announce} onErrorsChange={setFormErrors} />
      )}
    </>
  );
}

function GroupFilter({ group, onChange }: { group: string; onChange: (group: string) => void }) {
  const groups = useGroups();
  const [value, setValue] = useState(group);
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange(value);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select id="des-group" label="Group" value={value} onChange={setValue}
        hint={groups.isError ? `The groups could not be loaded: ${groups.error.message}` : undefined}
        options={[{ value: '', text: 'All groups' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
      <Button variant="secondary">Show group</Button>
    </form>
  );
}

function PotPanel({ pot }: { pot: DesPot }) {
  const whose = pot.groupCode ? (pot.groups[0]?.groupName ?? pot.groupCode) : 'all groups';
  return (
    <section aria-labelledby="pot-heading" className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h2 id="pot-heading" className="nhsuk-card__heading">Left in the pot, {whose}</h2>
        <p className="nhsuk-heading-xl nhsuk-u-margin-bottom-3" role="status" aria-live="polite" data-testid="pot-remaining">{formatPence(pot.remainingPence)}</p>
        <SummaryList noBorder rows={[
          { key: 'DES payments', value: `${formatPence(pot.paymentsPence)} (${plural(pot.payments, 'payment')})` },
          { key: 'Paid direct to practices (75%)', value: formatPence(pot.directPence) },
          { key: 'Held (25%)', value: formatPence(pot.heldPence) },
          { key: 'Approved, not yet paid', value: formatPence(pot.approvedPence) },
          { key: 'Paid from the pot', value: formatPence(pot.paidPence) },
          { key: 'Awaiting a decision', value: `${formatPence(pot.awaitingPence)} (not yet taken from the pot)` },
        ]} />
        {!pot.groupCode && pot.groups.length > 1 && (
          <Table caption="The pot by group" captionSize="s">
            <TableHead>
              <HeaderCell>Group</HeaderCell>
              <HeaderCell numeric>Held</HeaderCell>
              <HeaderCell numeric>Approved or paid</HeaderCell>
              <HeaderCell numeric>Left</HeaderCell>
            </TableHead>
            <TableBody>
              {pot.groups.map((g) => (
                <TableRow key={g.groupCode}>
                  <Cell rowHeader>{g.groupName}</Cell>
                  <Cell numeric nowrap>{formatPence(g.heldPence)}</Cell>
                  <Cell numeric nowrap>{formatPence(g.approvedPence + g.paidPence)}</Cell>
                  <Cell numeric nowrap>{formatPence(g.remainingPence)}</Cell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </section>
  );
}

function InvoicesTable({ invoices, selectedId, reviewLink }: { invoices: DesInvoice[]; selectedId: number | null; reviewLink: (i: DesInvoice) => string }) {
  return (
    <Table caption="Invoices" captionHidden scrollable>
      <TableHead>
        <HeaderCell>Invoice</HeaderCell>
        <HeaderCell>From</HeaderCell>
        <HeaderCell>Supplier and description</HeaderCell>
        <HeaderCell numeric>Amount</HeaderCell>
        <HeaderCell>Status</HeaderCell>
        <HeaderCell>Entered</HeaderCell>
        <HeaderCell><span className="nhsuk-u-visually-hidden">Open</span></HeaderCell>
      </TableHead>
      <TableBody>
        {invoices.map((i) => (
          <TableRow key={i.id}>
            <Cell rowHeader>{i.id}</Cell>
            <Cell>{i.practiceName ? `${i.practiceName} (${i.practiceCode})` : i.groupName}</Cell>
            <Cell>{i.supplier}<br /><span className="app-secondary">{i.description}</span></Cell>
            <Cell numeric nowrap>{formatPence(i.amountPence)}</Cell>
            <Cell>
              <InvoiceStatusTag status={i.status} label={i.statusLabel} />
              {i.decidedBy && <><br /><span className="nhsuk-body-s app-secondary">by {i.decidedBy}</span></>}
            </Cell>
            <Cell nowrap>{formatShortDate(i.submittedAt)}<br /><span className="app-secondary">{i.submittedBy}</span></Cell>
            <Cell nowrap>
              {i.id === selectedId
                ? <span className="app-secondary">Shown above</span>
                : <Link className="nhsuk-link" to={reviewLink(i)}>Open<span className="nhsuk-u-visually-hidden"> invoice {i.id} from {i.supplier}</span></Link>}
            </Cell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

// ── One invoice: the board's decision, or finance's payment ───────────────────────────────────

type DecisionField = 'decision' | 'notes';
const DECISION_IDS: Record<DecisionField, string> = { decision: firstRadioId('invoice-decision'), notes: 'invoice-notes' };

function Decision({ invoice: i, canDecide, canPay, closeLink, onDone, onErrorsChange }: {
  invoice: DesInvoice;
  canDecide: boolean;
  canPay: boolean;
  closeLink: string;
  onDone: (message: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const me = useCurrentUser();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [i.id]);
  const rows: SummaryRow[] = [
    { key: 'From', value: i.practiceName ? `${i.practiceName} (${i.practiceCode}), ${i.groupName}` : i.groupName },
    { key: 'Supplier', value: i.supplier },
    { key: 'Description', value: i.description },
    { key: 'Amount', value: formatPence(i.amountPence) },
    { key: 'Status', value: <InvoiceStatusTag status={i.status} label={i.statusLabel} /> },
    { key: 'Entered', value: `By ${i.submittedBy} on ${formatDateTime(i.submittedAt)}` },
  ];
  if (i.decidedBy) rows.push({ key: 'Decided', value: `By ${i.decidedBy}${i.decidedAt ? ` on ${formatDateTime(i.decidedAt)}` : ''}` });
  if (i.paidBy) rows.push({ key: 'Paid', value: `Recorded by ${i.paidBy}${i.paidAt ? ` on ${formatDateTime(i.paidAt)}` : ''}` });
  if (i.notes) rows.push({ key: 'Notes', value: i.notes.split('\n').map((line, n) => <span key={n}>{n > 0 && <br />}{line}</span>) });

  return (
    <section aria-labelledby="invoice-heading">
      <h2 id="invoice-heading" ref={heading} tabIndex={-1}>Invoice {i.id}: {i.supplier}</h2>
      <SummaryList rows={rows} />
      {canDecide && i.status === 'submitted' && (i.submittedBy === me.username
        ? <p>You entered this invoice, so someone else on the board must decide on it.</p>
        : <DecisionForm invoice={i} onDone={onDone} onErrorsChange={onErrorsChange} />)}
      {canPay && i.status === 'approved' && <PaidForm invoice={i} onDone={onDone} />}
      <p><Link className="nhsuk-link" to={closeLink}>Close this invoice</Link></p>
    </section>
  );
}

function DecisionForm({ invoice: i, onDone, onErrorsChange }: { invoice: DesInvoice; onDone: (message: string) => void; onErrorsChange: (has: boolean) => void }) {
  const decide = useDecideInvoice();
  const [decision, setDecision] = useState<'approved' | 'rejected' | null>(null);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors<DecisionField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, DECISION_IDS, general);

  function show(found: FieldErrors<DecisionField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<DecisionField> = {};
    if (!decision) found.decision = 'Select whether to approve or reject the invoice';
    else if (decision === 'rejected' && !notes.trim()) found.notes = 'Enter notes saying why the invoice is rejected';
    show(found, null);
    if (!decision || Object.keys(found).length) return;
    decide.mutate({ id: i.id, decision, notes: notes.trim() }, {
      onSuccess: (updated) => onDone(updated.status === 'approved'
        ? `Invoice ${updated.id} approved: ${formatPence(updated.amountPence)} comes off the pot.`
        : `Invoice ${updated.id} rejected.`),
      onError: (error) => {
        const mapped = fromServer(error, ['decision', 'notes'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <Radios<'approved' | 'rejected'> name="invoice-decision" legend="Decision" legendSize="s" value={decision} onChange={setDecision} error={errors.decision}
        options={[
          { value: 'approved', label: 'Approve', hint: `${formatPence(i.amountPence)} comes off the group’s pot.` },
          { value: 'rejected', label: 'Reject', hint: 'Say why in the notes.' },
        ]} />
      <Textarea id={DECISION_IDS.notes} label="Notes" hint="The board’s reasons, and the meeting that decided." value={notes}
        onChange={(e) => setNotes(e.target.value)} error={errors.notes} maxLength={4000} />
      <Button disabled={decide.isPending}>{decide.isPending ? 'Saving…' : 'Save decision'}</Button>
    </form>
  );
}

function PaidForm({ invoice: i, onDone }: { invoice: DesInvoice; onDone: (message: string) => void }) {
  const pay = useMarkInvoicePaid();
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    pay.mutate({ id: i.id, notes: notes.trim() }, {
      onSuccess: (updated) => onDone(`Invoice ${updated.id} recorded as paid.`),
      onError: (error) => setProblem(error.message),
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary errors={[{ text: problem }]} />}
      <TextInput id="invoice-paid-notes" label="Payment reference (optional)" hint="For example, the BACS reference." width={20} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
      <Button variant="secondary" disabled={pay.isPending}>{pay.isPending ? 'Saving…' : 'Record as paid'}</Button>
    </form>
  );
}

// ── Enter an invoice ────────────────────────────────────────────────────────────────────────────

type SubmitField = 'groupCode' | 'supplier' | 'description' | 'amountPence';
const SUBMIT_IDS: Record<SubmitField, string> = { groupCode: 'invoice-group', supplier: 'invoice-supplier', description: 'invoice-description', amountPence: 'invoice-amount' };

function SubmitForm({ year, group, pot, practiceUser, onDone, onErrorsChange }: {
  year: string;
  group: string;
  pot: DesPot;
  practiceUser: boolean;
  onDone: (message: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const groups = useGroups();
  const submitInvoice = useSubmitInvoice();
  const [values, setValues] = useState({ groupCode: group, supplier: '', description: '', amount: '' });
  const [errors, setErrors] = useState<FieldErrors<SubmitField>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const summary = summaryOf(errors, SUBMIT_IDS, general);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const potOf = (code: string) => (practiceUser ? pot.remainingPence : pot.groups.find((g) => g.groupCode === code)?.remainingPence);

  function show(found: FieldErrors<SubmitField>, problem: string | null) {
    setErrors(found);
    setGeneral(problem);
    onErrorsChange(Object.keys(found).length > 0 || problem !== null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<SubmitField> = {};
    if (!practiceUser && !values.groupCode) found.groupCode = 'Select the group whose pot pays the invoice';
    if (!values.supplier.trim()) found.supplier = 'Enter who the invoice is from';
    if (!values.description.trim()) found.description = 'Enter what the invoice is for';
    const amountPence = parsePoundsInput(values.amount);
    const left = potOf(values.groupCode);
    if (!values.amount.trim()) found.amountPence = 'Enter the amount of the invoice';
    else if (amountPence === null) found.amountPence = 'Amount must be in pounds, like 1250 or 1250.50';
    else if (amountPence <= 0) found.amountPence = 'Amount must be more than £0';
    else if (left !== undefined && amountPence > left) found.amountPence = `Amount must be ${formatPence(left)} or less: that is what the pot has left`;
    show(found, null);
    if (Object.keys(found).length || amountPence === null) return;
    submitInvoice.mutate({
      year, groupCode: practiceUser ? null : values.groupCode, supplier: values.supplier.trim(), description: values.description.trim(), amountPence,
    }, {
      onSuccess: (created) => {
        onDone(`Invoice ${created.id} for ${formatPence(created.amountPence)} entered. It comes off the pot once the board approves it.`);
        setValues((v) => ({ ...v, supplier: '', description: '', amount: '' }));
        show({}, null);
      },
      onError: (error) => {
        const mapped = fromServer(error, ['groupCode', 'supplier', 'description', 'amountPence'] as const);
        show(mapped.fields, mapped.general);
      },
    });
  }

  const left = potOf(values.groupCode);
  return (
    <section aria-labelledby="submit-invoice">
      <h2 id="submit-invoice">Enter an invoice</h2>
      <form onSubmit={submit} noValidate>
        {summary.length > 0 && <ErrorSummary errors={summary} />}
        {!practiceUser && (
          <Select id={SUBMIT_IDS.groupCode} label="Group whose pot pays it" value={values.groupCode} error={errors.groupCode} onChange={set('groupCode')}
            options={[{ value: '', text: 'Choose a group' }, ...(groups.data ?? []).map((g) => ({ value: g.code, text: `${g.name} (${g.code})` }))]} />
        )}
        <TextInput id={SUBMIT_IDS.supplier} label="Supplier" hint="Who the invoice is from" width={30} maxLength={200} autoComplete="off"
          value={values.supplier} error={errors.supplier} onChange={(e) => set('supplier')(e.target.value)} />
        <Textarea id={SUBMIT_IDS.description} label="What it is for" hint="The work the DES funding covers" rows={3} maxLength={2000}
          value={values.description} error={errors.description} onChange={(e) => set('description')(e.target.value)} />
        <TextInput id={SUBMIT_IDS.amountPence} label="Amount, in pounds" hint={left !== undefined ? `The pot has ${formatPence(left)} left.` : 'For example, 1250.00'}
          width={10} inputMode="decimal" autoComplete="off" value={values.amount} error={errors.amountPence} onChange={(e) => set('amount')(e.target.value)} />
        <Button disabled={submitInvoice.isPending}>{submitInvoice.isPending ? 'Entering…' : 'Enter invoice'}</Button>
      </form>
    </section>
  );
}
