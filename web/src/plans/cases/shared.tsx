/**
 * What the business case, milestone, responsibility and portfolio pages share: the plan's
 * sub-navigation and read-only banner, status tags, and the plan id from the address.
 */
import { useParams } from 'react-router';
import type { CaseStatus, MilestoneStatus, PlanState } from '../../api/plan-cases.js';
import type { BenefitStatus, ProjectStatus } from '../../api/portfolio.js';
import { NotificationBanner } from '../../nhsuk/NotificationBanner.js';
import { SubNavigation } from '../../nhsuk/SubNavigation.js';
import { Tag, type TagColour } from '../../nhsuk/Tag.js';

export const planPath = (planId: number) => `/plans/${planId}`;
export const casesPath = (planId: number) => `/plans/${planId}/business-cases`;
export const casePath = (planId: number, caseId: number) => `/plans/${planId}/business-cases/${caseId}`;
export const milestonesPath = (planId: number) => `/plans/${planId}/milestones`;
export const responsibilitiesPath = (planId: number) => `/plans/${planId}/responsibilities`;
export const projectPath = (projectId: number) => `/portfolio/${projectId}`;

/** The positive whole number in the address, or null. */
export function useIdParam(name: string): number | null {
  const value = Number(useParams()[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** Read-only while the plan is with the signatories or signed: says why and what to do. */
export function FrozenBanner({ plan }: { plan: PlanState }) {
  if (plan.editable) return null;
  return (
    <NotificationBanner title="Read only" heading={plan.status === 'signed' ? `Version ${plan.version} of this plan is signed` : `Version ${plan.version} of this plan is with the signatories`}>
      <p>{plan.frozenMessage} Status, approvals and evidence can still be recorded.</p>
    </NotificationBanner>
  );
}

/** Links between the plan's parts, the current one marked. */
export function PlanParts({ planId, current }: { planId: number; current: 'cases' | 'milestones' | 'responsibilities' }) {
  return (
    <SubNavigation label="Parts of the plan" items={[
      { to: planPath(planId), text: 'The plan', current: false },
      { to: casesPath(planId), text: 'Business cases', current: current === 'cases' },
      { to: milestonesPath(planId), text: 'Milestones', current: current === 'milestones' },
      { to: responsibilitiesPath(planId), text: 'Roles and responsibilities', current: current === 'responsibilities' },
    ]} />
  );
}

const CASE_COLOURS: Record<CaseStatus, TagColour> = { idea: 'grey', proposed: 'blue', approved: 'green', live: 'aqua-green', rejected: 'red', withdrawn: 'white' };
export const CaseStatusTag = ({ status, label }: { status: CaseStatus; label: string }) => <Tag colour={CASE_COLOURS[status]}>{label}</Tag>;

const MILESTONE_COLOURS: Record<MilestoneStatus, TagColour> = { not_started: 'grey', in_progress: 'blue', delivered: 'green', missed: 'red' };
export const MilestoneStatusTag = ({ status, label }: { status: MilestoneStatus; label: string }) => <Tag colour={MILESTONE_COLOURS[status]}>{label}</Tag>;

const PROJECT_COLOURS: Record<ProjectStatus, TagColour> = { proposed: 'grey', active: 'blue', completed: 'green', closed: 'white' };
export const ProjectStatusTag = ({ status, label }: { status: ProjectStatus; label: string }) => <Tag colour={PROJECT_COLOURS[status]}>{label}</Tag>;

const BENEFIT_COLOURS: Record<BenefitStatus, TagColour> = { expected: 'grey', on_track: 'blue', at_risk: 'orange', realised: 'green', not_realised: 'red' };
export const BenefitStatusTag = ({ status, label }: { status: BenefitStatus; label: string }) => <Tag colour={BENEFIT_COLOURS[status]}>{label}</Tag>;
