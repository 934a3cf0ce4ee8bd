/**
 * /plans/:id/sign-off: the version of a plan with the signatories (PLAN-5; seed 004, section 10):
 * who must sign and who has, the PDF to read before signing, and — for a signatory who holds a
 * role not yet signed — the form to sign it, re-entering the password. After the last signature
 * the plan is signed off and the incentive payment falls due (the allowances show it).
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { VERSION_STATUS_LABELS, planPdfUrl, useSignOff, type SignOff, type SignResult } from '../api/signoff.js';
import { formatDateTime } from '../format/dates.js';
import { RequirePermission } from '../layout/RequirePermission.js';
import { usePageTitle } from '../layout/usePageTitle.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { NotificationBanner } from '../nhsuk/NotificationBanner.js';
import { LoadingStatus, ProblemMessage } from '../nhsuk/Status.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';
import { SignForm } from '../plans/signoff/SignForm.js';
import { SignatoryList } from '../plans/signoff/SignatoryList.js';
import { SignedOffPanel } from '../plans/signoff/SignedOffPanel.js';

export function PlanSignOffPage() {
  return (
    <RequirePermission permission="plan.read">
      <PlanSignOff />
    </RequirePermission>
  );
}
export default PlanSignOffPage;

const VERSION_COLOURS = { in_sign_off: 'yellow', signed: 'green', withdrawn: 'grey' } as const satisfies Record<string, TagColour>;

function PlanSignOff() {
  const planId = Number(useParams().id);
  const signOff = useSignOff(planId);
  const [formErrors, setFormErrors] = useState(false);
  const [signedAs, setSignedAs] = useState<{ label: string; result: SignResult } | null>(null);
  const title = signOff.data ? `Sign-off: ${signOff.data.plan.title}` : 'Plan sign-off';
  usePageTitle(title, formErrors);
  const notFound = signOff.error instanceof ApiError && signOff.error.status === 404;

  return (
    <>
      <BackLink to={`/plans/${planId}`}>Back to the plan</BackLink>
      {signedAs && !signedAs.result.fullySigned && (
        <NotificationBanner success heading={`You have signed version ${signedAs.result.signOff.version?.version ?? ''} as ${signedAs.label.charAt(0).toLowerCase()}${signedAs.label.slice(1)}`}>
          <p>{signedAs.result.signOff.outstanding.length === 1 ? 'One signature is' : `${signedAs.result.signOff.outstanding.length} signatures are`} still needed.</p>
        </NotificationBanner>
      )}
      <h1>{title}</h1>
      {signOff.isPending && <LoadingStatus>Loading the sign-off…</LoadingStatus>}
      {notFound && <p>There is no plan {Number.isFinite(planId) ? planId : ''} that you can see. <Link className="nhsuk-link" to="/plans">Go to the plans</Link>.</p>}
      {signOff.isError && !notFound && <ProblemMessage><p>The sign-off could not be loaded. {signOff.error.message}</p></ProblemMessage>}
      {signOff.data && (
        <SignOffBody signOff={signOff.data} justSigned={signedAs?.result.fullySigned ?? false} onErrorsChange={setFormErrors}
          onSigned={(result, label) => setSignedAs({ result, label })} />
      )}
    </>
  );
}

function SignOffBody({ signOff, justSigned, onSigned, onErrorsChange }: {
  signOff: SignOff;
  justSigned: boolean;
  onSigned: (result: SignResult, roleLabel: string) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const { plan, version } = signOff;
  const earlier = signOff.versions.filter((v) => v.version !== version?.version);
  return (
    <>
      <p className="nhsuk-lede-text">{plan.groupName}, {plan.year}</p>
      {version?.status === 'signed' && <SignedOffPanel signOff={signOff} justSigned={justSigned} />}
      {!version && (
        <InsetText>
          <p>
            Version {plan.version} of this plan is a draft. It is signed here once it has been sent for sign-off;
            until then there is nothing to sign. <Link className="nhsuk-link" to={`/plans/${plan.id}`}>Go to the plan</Link>
          </p>
        </InsetText>
      )}
      {version && (
        <>
          <h2>Version {version.version}</h2>
          <SummaryList rows={[
            { key: 'Status', value: <Tag colour={VERSION_COLOURS[version.status]}>{VERSION_STATUS_LABELS[version.status]}</Tag> },
            { key: 'Sent for sign-off', value: `${formatDateTime(version.sentAt)} by ${version.sentBy}` },
            ...(version.signedAt ? [{ key: 'Signed off', value: formatDateTime(version.signedAt) }] : []),
            {
              key: 'The plan as sent',
              value: <a className="nhsuk-link" href={planPdfUrl(plan.id, version.version)} download>Download version {version.version} of the plan (PDF)</a>,
            },
          ]} />
        </>
      )}

      <h2>Signatories</h2>
      <SignatoryList signOff={signOff} />

      {version && signOff.mayYouSign[0] && (
        <SignForm key={`${version.version}-${signOff.mayYouSign[0]}`} signOff={signOff} roleCode={signOff.mayYouSign[0]} onSigned={onSigned} onErrorsChange={onErrorsChange} />
      )}
      {version?.status === 'in_sign_off' && !signOff.mayYouSign.length && (
        <p className="app-secondary">You do not hold a signatory role of {plan.groupName} that is still to sign this version.</p>
      )}

      {earlier.length > 0 && (
        <>
          <h2>Earlier versions</h2>
          <ul className="nhsuk-list">
            {earlier.map((v) => (
              <li key={v.version}>
                <a className="nhsuk-link" href={planPdfUrl(plan.id, v.version)} download>Download version {v.version} (PDF)</a>
                {' '}<span className="app-secondary">{VERSION_STATUS_LABELS[v.status].toLowerCase()}{v.signedAt ? ` ${formatDateTime(v.signedAt)}` : `, sent ${formatDateTime(v.sentAt)}`}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p><Link className="nhsuk-link" to="/plans/signatories">Who holds each signatory role</Link></p>
    </>
  );
}
