/** Status and "for completion by" tags of the plan pages. */
import { PLAN_STATUS_LABELS, VERSION_STATUS_LABELS, type CompletedBy, type PlanStatus, type VersionStatus } from '../api/plans.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

const PLAN_COLOURS: Record<PlanStatus, TagColour> = { draft: 'blue', in_sign_off: 'yellow', signed: 'green' };
const VERSION_COLOURS: Record<VersionStatus, TagColour> = { in_sign_off: 'yellow', signed: 'green', withdrawn: 'grey' };
const PARTY_COLOURS: Record<CompletedBy, TagColour> = { consortium: 'purple', commissioner: 'aqua-green', both: 'white' };
const PARTY_SHORT: Record<CompletedBy, string> = { consortium: 'Consortium', commissioner: 'Commissioner', both: 'Consortium and commissioner' };

export const PlanStatusTag = ({ status }: { status: PlanStatus }) => <Tag colour={PLAN_COLOURS[status]}>{PLAN_STATUS_LABELS[status]}</Tag>;
export const VersionStatusTag = ({ status }: { status: VersionStatus }) => <Tag colour={VERSION_COLOURS[status]}>{VERSION_STATUS_LABELS[status]}</Tag>;

/** "For completion by: Consortium" — the words read in full by screen readers. */
export function CompletedByTag({ completedBy }: { completedBy: CompletedBy }) {
  return (
    <span className="nhsuk-body-s">
      <span className="nhsuk-u-visually-hidden">For completion by </span>
      <Tag colour={PARTY_COLOURS[completedBy]}>{PARTY_SHORT[completedBy]}</Tag>
    </span>
  );
}

/** The id of a section's heading and anchor: 4.2 → section-4-2. */
export const sectionId = (key: string) => `section-${key.replace(/[^0-9a-z]/gi, '-')}`;
