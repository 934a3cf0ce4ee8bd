/** The referral as read: summary, patient, clinical details, pathway check, providers, files, history. */
import type { ReferralEvent, ReferralView } from '../api/types.js';
import { attachmentUrl, letterUrl } from '../api/referrals.js';
import { formatBytes } from '../format/bytes.js';
import { formatDate, formatDateTime } from '../format/dates.js';
import { SummaryList, type SummaryRow } from '../nhsuk/SummaryList.js';
import { DataTable } from '../nhsuk/Table.js';
import { Tag } from '../nhsuk/Tag.js';
import {
  BOOKING_STATUS_LABELS, CONTACT_METHOD_LABELS, PRIORITY_COLOURS, PRIORITY_SHORT, SEX_LABELS,
  codeSystemLabel, eventLabel, formatNhsNumber, specialtyName, statusColour, statusLabel,
} from './labels.js';

export function StatusTag({ status, label }: { status: string; label?: string }) {
  return <Tag colour={statusColour(status)}>{label || statusLabel(status)}</Tag>;
}

export function PriorityTag({ priority }: { priority: ReferralView['priority'] }) {
  return <Tag colour={PRIORITY_COLOURS[priority]}>{PRIORITY_SHORT[priority] ?? priority}</Tag>;
}

export function ReferralSummary({ referral }: { referral: ReferralView }) {
  const rows: SummaryRow[] = [
    { key: 'Reference', value: referral.reference },
    { key: 'Status', value: <StatusTag status={referral.status} label={referral.statusLabel} /> },
    { key: 'Priority', value: <PriorityTag priority={referral.priority} /> },
    { key: 'Received', value: formatDateTime(referral.receivedAt) },
    { key: 'Triage due', value: referral.triageDue ? formatDate(referral.triageDue) : 'Not applicable' },
    { key: 'Practice', value: `${referral.practiceName} (${referral.practiceCode})` },
    { key: 'Referring clinician', value: referral.clinician },
    { key: 'Referral date', value: formatDate(referral.referralDate) },
  ];
  if (referral.assignedTo) rows.push({ key: 'Assigned to', value: referral.assignedTo });
  if (referral.forwardedTo) rows.push({ key: 'Forwarded to', value: providerName(referral, referral.forwardedTo) });
  if (referral.divertedTo) rows.push({ key: 'Diverted to', value: referral.divertedTo.name });
  if (referral.advice) rows.push({ key: 'Reviewer’s advice', value: <span className="app-pre-line">{referral.advice}</span> });
  if (referral.bookingStatus) rows.push({ key: 'Booking', value: BOOKING_STATUS_LABELS[referral.bookingStatus] ?? referral.bookingStatus });
  if (referral.bookedDate) {
    rows.push({ key: 'Appointment', value: `${formatDate(referral.bookedDate)}${referral.bookedProvider ? ` with ${providerName(referral, referral.bookedProvider)}` : ''}` });
  }
  return <SummaryList rows={rows} />;
}

const providerName = (r: ReferralView, code: string) => {
  const choice = r.chosenProviders.find((p) => p.code === code);
  return choice ? `${choice.name} (${code})` : code;
};

export function PatientDetails({ referral }: { referral: ReferralView }) {
  const p = referral.patient;
  return (
    <>
      <h2>Patient</h2>
      <SummaryList rows={[
        { key: 'Name', value: `${p.givenName} ${p.familyName.toUpperCase()}` },
        { key: 'NHS number', value: formatNhsNumber(p.nhsNumber) },
        { key: 'Date of birth', value: formatDate(p.birthDate) },
        { key: 'Sex', value: SEX_LABELS[p.sex] ?? p.sex },
        { key: 'Postcode', value: p.postcode },
      ]} />
    </>
  );
}

export function ClinicalDetails({ referral }: { referral: ReferralView }) {
  const rows: SummaryRow[] = [
    { key: 'Specialty', value: `${referral.tfcName} (${referral.tfc})${referral.originalTfc ? `, re-categorised from ${specialtyName(referral.originalTfc)} (${referral.originalTfc})` : ''}` },
    {
      key: 'Clinical reason',
      value: (
        <>
          {codeSystemLabel(referral.reason.system)} {referral.reason.code}{referral.reason.display ? `: ${referral.reason.display}` : ''}
          {referral.originalReason && <><br /><span className="app-secondary">Originally {codeSystemLabel(referral.originalReason.system)} {referral.originalReason.code}</span></>}
        </>
      ),
    },
  ];
  if (referral.procedureCode) rows.push({ key: 'Procedure asked for', value: referral.procedureCode });
  if (referral.priorApproval) {
    rows.push({ key: 'Prior approval', value: `${referral.priorApproval.reference}, by ${referral.priorApproval.by} on ${formatDateTime(referral.priorApproval.at)}` });
  } else if (referral.needsPriorApproval) {
    rows.push({ key: 'Prior approval', value: <Tag colour="orange">Needed before forwarding</Tag> });
  }
  return (
    <>
      <h2>Clinical</h2>
      <SummaryList rows={rows} />
    </>
  );
}

export function PathwayCheck({ referral }: { referral: ReferralView }) {
  const missed = referral.pathwayCheck.filter((c) => !c.met).length;
  return (
    <>
      <h2 id="pathway-check">Pathway check</h2>
      {!referral.pathwayCode && <p>No pathway was chosen for this referral.</p>}
      {referral.pathwayCode && (
        <>
          <p>
            {referral.pathwayName ?? referral.pathwayCode}:{' '}
            {referral.pathwayCheck.length === 0 ? 'this pathway has no criteria.' : missed === 0 ? 'meets every criterion.' : `misses ${missed} of ${referral.pathwayCheck.length} criteria.`}
          </p>
          <ul className="nhsuk-list app-criteria" aria-label="Pathway criteria">
            {referral.pathwayCheck.map((c) => (
              <li key={c.id} className="app-criteria__item">
                <span className="app-criteria__tag">{c.met ? <Tag colour="green">Met</Tag> : <Tag colour="red">Not met</Tag>}</span>
                <span>
                  <strong>{c.label}</strong>
                  {c.detail && c.detail !== c.label && <><br /><span className="app-secondary">{c.detail}</span></>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const ATTACHMENT_TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image' };

export function ProvidersAndFiles({ referral }: { referral: ReferralView }) {
  return (
    <>
      <h2>Chosen providers</h2>
      {referral.chosenProviders.length === 0 ? <p>None.</p> : (
        <ol className="nhsuk-list nhsuk-list--number">
          {referral.chosenProviders.map((p) => <li key={p.rank}>{p.name} ({p.code})</li>)}
        </ol>
      )}
      <h2>Documents</h2>
      <p><a className="nhsuk-link" href={letterUrl(referral.id)} download>Download referral letter (PDF)</a></p>
      {referral.attachments.length === 0 ? <p>No attachments.</p> : (
        <DataTable
          caption="Attachments"
          captionSize="s"
          rows={referral.attachments}
          rowKey={(a) => a.id}
          columns={[
            { header: 'File', cell: (a) => <a className="nhsuk-link" href={attachmentUrl(referral.id, a.id)} download={a.fileName}>{a.fileName}</a> },
            { header: 'Type', cell: (a) => ATTACHMENT_TYPE_NAMES[a.contentType] ?? a.contentType },
            { header: 'Size', numeric: true, nowrap: true, cell: (a) => formatBytes(a.sizeBytes) },
            { header: 'Added', nowrap: true, cell: (a) => formatDateTime(a.uploadedAt) },
          ]}
        />
      )}
    </>
  );
}

export function History({ events }: { events: ReferralEvent[] }) {
  return (
    <>
      <h2 id="history">History</h2>
      {events.length === 0 ? <p>Nothing has happened yet.</p> : (
        <ol className="app-timeline" aria-label="History, oldest first">
          {events.map((e, i) => (
            <li key={i} className="app-timeline__item">
              <h3 className="app-timeline__title">{eventLabel(e.action)}</h3>
              <p className="app-timeline__meta">{formatDateTime(e.at)} by {e.actor}</p>
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
                <p className="app-timeline__text">Status changed from {statusLabel(e.fromStatus)} to {statusLabel(e.toStatus)}.</p>
              )}
              {e.reason && <p className="app-timeline__text app-pre-line">{e.action === 'provide_info' ? 'Information' : e.action === 'contact' ? 'Outcome' : 'Reason'}: {e.reason}</p>}
              {eventDetail(e) && <p className="app-timeline__text app-secondary">{eventDetail(e)}</p>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function eventDetail(e: ReferralEvent): string | null {
  const d = e.details ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  switch (e.action) {
    case 'received': return text(d.source) ? `Sent through the ${d.source === 'fhir' ? 'FHIR API' : d.source === 'bulk' ? 'bulk upload' : d.source === 'web' ? 'web form' : String(d.source)}` : null;
    case 'forward': return text(d.providerCode) ? `Provider: ${String(d.providerCode)}` : null;
    case 'divert': return text(d.serviceCode) ? `Community service: ${String(d.serviceCode)}` : null;
    case 'return_with_advice': return text(d.advice) ? `Advice: ${String(d.advice)}` : null;
    case 'book': return text(d.bookedDate) ? `Appointment on ${formatDate(String(d.bookedDate))}${text(d.bookedProvider) ? ` with ${String(d.bookedProvider)}` : ''}` : null;
    case 'assign': return text(d.reviewer) ? `To ${String(d.reviewer)}` : null;
    case 'recategorise': {
      const from = (d.from ?? {}) as { tfc?: string; reason?: string };
      const to = (d.to ?? {}) as { tfc?: string; tfcName?: string; reason?: string };
      const parts: string[] = [];
      if (to.tfc && from.tfc && to.tfc !== from.tfc) parts.push(`specialty ${from.tfc} to ${to.tfcName ?? to.tfc} (${to.tfc})`);
      if (to.reason && from.reason && to.reason !== from.reason) parts.push(`code ${codeText(from.reason)} to ${codeText(to.reason)}`);
      return parts.length ? `Changed ${parts.join(', and ')}` : null;
    }
    case 'attach': return text(d.fileName) ? String(d.fileName) : null;
    case 'prior_approval': return text(d.reference) ? `Approval reference ${String(d.reference)}` : null;
    case 'contact': return text(d.method) ? `By ${(CONTACT_METHOD_LABELS as Record<string, string>)[String(d.method)]?.toLowerCase() ?? String(d.method)}${d.patientWillBook ? '; the patient will book' : ''}` : null;
    default: return null;
  }
}

/** "icd10 M23.2" → "ICD-10 M23.2". */
const codeText = (s: string) => {
  const [system = '', ...code] = s.split(' ');
  return `${codeSystemLabel(system)} ${code.join(' ')}`.trim();
};

export function Contacts({ referral }: { referral: ReferralView }) {
  if (referral.contacts.length === 0) return null;
  return (
    <DataTable
      caption="Contacts with the patient"
      rows={referral.contacts}
      rowKey={(_c, i) => i}
      firstColumnIsHeader={false}
      columns={[
        { header: 'When', cell: (c) => formatDateTime(c.at) },
        { header: 'Who', cell: (c) => c.actor },
        { header: 'How', cell: (c) => (CONTACT_METHOD_LABELS as Record<string, string>)[c.method] ?? c.method },
        { header: 'Outcome', cell: (c) => c.outcome },
        { header: 'Note', cell: (c) => c.note },
      ]}
    />
  );
}
