/**
 * What a plan version freezes when it is sent for sign-off (PLAN-5): every section as written,
 * the live parts drawn from the rest of the hub as they stood, the business cases, milestones and
 * roles, and the figures. The signed record, its PDF and version comparison all read this, never
 * the live tables, so a signed version reads the same for ever.
 */
import type { CompletedBy } from './parties.js';

export type SectionKind = 'text' | 'practices' | 'governance' | 'responsibilities' | 'business_cases' | 'milestones' | 'signoff';

export interface SnapshotSection {
  key: string;
  part: string;
  title: string;
  guidance: string;
  completedBy: CompletedBy;
  kind: SectionKind;
  /** Markdown (GitHub tables allowed), with figure tokens like {{budget_total}} left in place */
  body: string;
}

export interface SnapshotBusinessCase {
  id: number;
  title: string;
  outline: string;
  benefitToPatients: string;
  patientsMin: number | null;
  patientsMax: number | null;
  patientsNote: string;
  evidenceOfEffectiveness: string;
  patientSupport: string;
  stakeholderSupport: string;
  costs: string;
  upfrontInvestmentPence: number;
  freedResources: string;
  freedResourcesTimescale: string;
  linksToPriorities: string;
  risks: string;
  status: string;
  /** the financial model, year 1 first */
  years: { yearIndex: number; costPence: number; releasedPence: number }[];
}

export interface SnapshotMilestone {
  id: number;
  businessCaseId: number | null;
  /** ISO date: "by [dueOn] we will deliver [deliverable]" */
  dueOn: string;
  deliverable: string;
  owner: string;
  triggersPayment: boolean;
  /** status and evidence as they stood when the version was sent */
  status: string;
  evidence: string;
}

export interface SnapshotResponsibility { party: 'commissioner' | 'consortium' | 'practices'; text: string }

export interface SnapshotBody { kind: string; name: string; members: { name: string; role: string; discipline: string; practiceCode: string | null }[] }

/** A figure drawn live from budgets or activity, frozen with the version. */
export interface PlanFigure {
  label: string;
  value: number | null;
  unit: 'pence' | 'count' | 'percent';
  /** where it came from, in words (e.g. "Published budgets 2026/27, all service lines") */
  source: string;
}
export type PlanFigures = Record<string, PlanFigure>;

export interface PlanSnapshot {
  plan: { id: number; groupCode: string; groupName: string; year: string; title: string; version: number };
  sections: SnapshotSection[];
  practices: { code: string; name: string }[];
  governance: SnapshotBody[];
  responsibilities: SnapshotResponsibility[];
  businessCases: SnapshotBusinessCase[];
  milestones: SnapshotMilestone[];
  signatories: { roleCode: string; label: string }[];
}
