/** The pages and their addresses. The server answers every other non-API GET with index.html. */
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { LoadingStatus } from './nhsuk/Status.js';
import { Layout } from './layout/Layout.js';
import { RequireAuth } from './layout/RequireAuth.js';
import { HomePage } from './pages/HomePage.js';
import { ImportPage } from './pages/ImportPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { ProvidersPage } from './pages/ProvidersPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { TokensPage } from './pages/TokensPage.js';

// The pages with charts load recharts only when first visited.
const OrganisationsPage = lazy(async () => ({ default: (await import('./pages/OrganisationsPage.js')).OrganisationsPage }));
const PracticePage = lazy(async () => ({ default: (await import('./pages/PracticePage.js')).PracticePage }));

function Charted({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingStatus />}>{children}</Suspense>;
}

// The referral gateway's pages load on first visit too (most users work in one part of the app).
const ReferPage = lazy(async () => ({ default: (await import('./pages/ReferPage.js')).ReferPage }));
const ReferralPage = lazy(async () => ({ default: (await import('./pages/ReferralPage.js')).ReferralPage }));
const UploadReferralsPage = lazy(async () => ({ default: (await import('./pages/UploadReferralsPage.js')).UploadReferralsPage }));
const OurReferralsPage = lazy(async () => ({ default: (await import('./pages/OurReferralsPage.js')).OurReferralsPage }));
const WorklistsPage = lazy(async () => ({ default: (await import('./pages/WorklistsPage.js')).WorklistsPage }));
const PathwaysPage = lazy(async () => ({ default: (await import('./pages/PathwaysPage.js')).PathwaysPage }));
const PathwayPage = lazy(async () => ({ default: (await import('./pages/PathwayPage.js')).PathwayPage }));
const NewPathwayPage = lazy(async () => ({ default: (await import('./pages/NewPathwayPage.js')).NewPathwayPage }));
const CommunityServicesPage = lazy(async () => ({ default: (await import('./pages/CommunityServicesPage.js')).CommunityServicesPage }));
const PriorApprovalPage = lazy(async () => ({ default: (await import('./pages/PriorApprovalPage.js')).PriorApprovalPage }));

// Hospital activity: monitoring (charts), contracts, challenges, matching and case finding.
const ActivityPage = lazy(async () => ({ default: (await import('./pages/ActivityPage.js')).ActivityPage }));
const ActivityLinesPage = lazy(async () => ({ default: (await import('./pages/ActivityLinesPage.js')).ActivityLinesPage }));
const ContractsPage = lazy(async () => ({ default: (await import('./pages/ContractsPage.js')).ContractsPage }));
const ContractPage = lazy(async () => ({ default: (await import('./pages/ContractPage.js')).ContractPage }));
const FairSharesPage = lazy(async () => ({ default: (await import('./pages/FairSharesPage.js')).FairSharesPage }));
const FairSharePracticePage = lazy(async () => ({ default: (await import('./pages/FairSharePracticePage.js')).FairSharePracticePage }));
const AllowancesPage = lazy(async () => ({ default: (await import('./pages/AllowancesPage.js')).AllowancesPage }));
const AllowanceStatementPage = lazy(async () => ({ default: (await import('./pages/AllowanceStatementPage.js')).AllowanceStatementPage }));
const DesInvoicesPage = lazy(async () => ({ default: (await import('./pages/DesInvoicesPage.js')).DesInvoicesPage }));
const RunningCostsPage = lazy(async () => ({ default: (await import('./pages/RunningCostsPage.js')).RunningCostsPage }));
const BudgetsPage = lazy(async () => ({ default: (await import('./pages/BudgetsPage.js')).BudgetsPage }));
const BudgetMonitoringPage = lazy(async () => ({ default: (await import('./pages/BudgetMonitoringPage.js')).BudgetMonitoringPage }));
const SavingsPage = lazy(async () => ({ default: (await import('./pages/SavingsPage.js')).SavingsPage }));
const ScenariosPage = lazy(async () => ({ default: (await import('./pages/ScenariosPage.js')).ScenariosPage }));
const MatchingPage = lazy(async () => ({ default: (await import('./pages/MatchingPage.js')).MatchingPage }));
const CaseFindingPage = lazy(async () => ({ default: (await import('./pages/CaseFindingPage.js')).CaseFindingPage }));
const ChallengesPage = lazy(async () => ({ default: (await import('./pages/ChallengesPage.js')).ChallengesPage }));

// Insight: A&E audit sheets.
const AeAuditsPage = lazy(async () => ({ default: (await import('./pages/AeAuditsPage.js')).AeAuditsPage }));
const AeAuditSummaryPage = lazy(async () => ({ default: (await import('./pages/AeAuditSummaryPage.js')).AeAuditSummaryPage }));
const ReviewerEvidencePage = lazy(async () => ({ default: (await import('./pages/ReviewerEvidencePage.js')).ReviewerEvidencePage }));
const FeedbackPackPage = lazy(async () => ({ default: (await import('./pages/FeedbackPackPage.js')).FeedbackPackPage }));
const FeedbackPacksPage = lazy(async () => ({ default: (await import('./pages/FeedbackPacksPage.js')).FeedbackPacksPage }));
const AeAuditPage = lazy(async () => ({ default: (await import('./pages/AeAuditPage.js')).AeAuditPage }));

// Plans: the locality commissioning plan, its versions and sign-off, business cases, milestones, the portfolio.
const PlansPage = lazy(async () => ({ default: (await import('./pages/PlansPage.js')).PlansPage }));
const PlanTemplatePage = lazy(async () => ({ default: (await import('./pages/PlanTemplatePage.js')).PlanTemplatePage }));
const PlanPage = lazy(async () => ({ default: (await import('./pages/PlanPage.js')).PlanPage }));
const PlanVersionsPage = lazy(async () => ({ default: (await import('./pages/PlanVersionsPage.js')).PlanVersionsPage }));
const PlanSignOffPage = lazy(async () => ({ default: (await import('./pages/PlanSignOffPage.js')).PlanSignOffPage }));
const SignatoriesPage = lazy(async () => ({ default: (await import('./pages/SignatoriesPage.js')).SignatoriesPage }));
const BusinessCasesPage = lazy(async () => ({ default: (await import('./pages/BusinessCasesPage.js')).BusinessCasesPage }));
const BusinessCasePage = lazy(async () => ({ default: (await import('./pages/BusinessCasePage.js')).BusinessCasePage }));
const MilestonesPage = lazy(async () => ({ default: (await import('./pages/MilestonesPage.js')).MilestonesPage }));
const ResponsibilitiesPage = lazy(async () => ({ default: (await import('./pages/ResponsibilitiesPage.js')).ResponsibilitiesPage }));
const PortfolioPage = lazy(async () => ({ default: (await import('./pages/PortfolioPage.js')).PortfolioPage }));
const ProjectPage = lazy(async () => ({ default: (await import('./pages/ProjectPage.js')).ProjectPage }));

// Governance: bodies, meetings, delegation levels, declarations of interest and decisions.
const GovernancePage = lazy(async () => ({ default: (await import('./pages/GovernancePage.js')).GovernancePage }));
const GovernanceBodyPage = lazy(async () => ({ default: (await import('./pages/GovernanceBodyPage.js')).GovernanceBodyPage }));
const MeetingPage = lazy(async () => ({ default: (await import('./pages/MeetingPage.js')).MeetingPage }));
const DelegationPage = lazy(async () => ({ default: (await import('./pages/DelegationPage.js')).DelegationPage }));
const InterestsPage = lazy(async () => ({ default: (await import('./pages/InterestsPage.js')).InterestsPage }));
const DecisionsPage = lazy(async () => ({ default: (await import('./pages/DecisionsPage.js')).DecisionsPage }));
const DecisionPage = lazy(async () => ({ default: (await import('./pages/DecisionPage.js')).DecisionPage }));

// Insight: comparing practices fairly, change alerts, measures and groupings of practices.
const ComparePage = lazy(async () => ({ default: (await import('./pages/ComparePage.js')).ComparePage }));
const AlertsPage = lazy(async () => ({ default: (await import('./pages/AlertsPage.js')).AlertsPage }));
const MeasuresPage = lazy(async () => ({ default: (await import('./pages/MeasuresPage.js')).MeasuresPage }));
const GroupingsPage = lazy(async () => ({ default: (await import('./pages/GroupingsPage.js')).GroupingsPage }));
const GroupingPage = lazy(async () => ({ default: (await import('./pages/GroupingPage.js')).GroupingPage }));
const DashboardPage = lazy(async () => ({ default: (await import('./pages/DashboardPage.js')).DashboardPage }));
const BoardPackPage = lazy(async () => ({ default: (await import('./pages/BoardPackPage.js')).BoardPackPage }));

const Deferred = Charted;

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <HomePage /> },
          { path: '/organisations', element: <Charted><OrganisationsPage /></Charted> },
          { path: '/organisations/practices/:code', element: <Charted><PracticePage /></Charted> },
          { path: '/providers', element: <ProvidersPage /> },
          { path: '/referrals', element: <Deferred><OurReferralsPage /></Deferred> },
          { path: '/referrals/new', element: <Deferred><ReferPage /></Deferred> },
          { path: '/referrals/upload', element: <Deferred><UploadReferralsPage /></Deferred> },
          { path: '/referrals/:id', element: <Deferred><ReferralPage /></Deferred> },
          { path: '/worklists', element: <Deferred><WorklistsPage /></Deferred> },
          { path: '/worklists/:list', element: <Deferred><WorklistsPage /></Deferred> },
          { path: '/pathways', element: <Deferred><PathwaysPage /></Deferred> },
          { path: '/pathways/new', element: <Deferred><NewPathwayPage /></Deferred> },
          { path: '/pathways/community-services', element: <Deferred><CommunityServicesPage /></Deferred> },
          { path: '/pathways/prior-approval', element: <Deferred><PriorApprovalPage /></Deferred> },
          { path: '/pathways/:code', element: <Deferred><PathwayPage /></Deferred> },
          { path: '/activity', element: <Charted><ActivityPage /></Charted> },
          { path: '/activity/lines', element: <Deferred><ActivityLinesPage /></Deferred> },
          { path: '/activity/matching', element: <Deferred><MatchingPage /></Deferred> },
          { path: '/contracts', element: <Deferred><ContractsPage /></Deferred> },
          { path: '/contracts/:id', element: <Deferred><ContractPage /></Deferred> },
          { path: '/case-finding', element: <Deferred><CaseFindingPage /></Deferred> },
          { path: '/challenges', element: <Deferred><ChallengesPage /></Deferred> },
          { path: '/budgets', element: <Deferred><BudgetsPage /></Deferred> },
          { path: '/budgets/monitoring', element: <Charted><BudgetMonitoringPage /></Charted> },
          { path: '/budgets/savings', element: <Deferred><SavingsPage /></Deferred> },
          { path: '/budgets/scenarios', element: <Deferred><ScenariosPage /></Deferred> },
          { path: '/budgets/:id', element: <Deferred><BudgetsPage /></Deferred> },
          { path: '/budgets/fair-shares', element: <Deferred><FairSharesPage /></Deferred> },
          { path: '/budgets/fair-shares/:code', element: <Deferred><FairSharePracticePage /></Deferred> },
          { path: '/allowances', element: <Deferred><AllowancesPage /></Deferred> },
          { path: '/allowances/statement/:practiceCode', element: <Deferred><AllowanceStatementPage /></Deferred> },
          { path: '/des-invoices', element: <Deferred><DesInvoicesPage /></Deferred> },
          { path: '/running-costs', element: <Deferred><RunningCostsPage /></Deferred> },
          { path: '/plans', element: <Deferred><PlansPage /></Deferred> },
          { path: '/plans/template', element: <Deferred><PlanTemplatePage /></Deferred> },
          { path: '/plans/signatories', element: <Deferred><SignatoriesPage /></Deferred> },
          { path: '/plans/:id', element: <Deferred><PlanPage /></Deferred> },
          { path: '/plans/:id/versions', element: <Deferred><PlanVersionsPage /></Deferred> },
          { path: '/plans/:id/sign-off', element: <Deferred><PlanSignOffPage /></Deferred> },
          { path: '/plans/:id/business-cases', element: <Deferred><BusinessCasesPage /></Deferred> },
          { path: '/plans/:id/business-cases/:caseId', element: <Charted><BusinessCasePage /></Charted> },
          { path: '/plans/:id/milestones', element: <Deferred><MilestonesPage /></Deferred> },
          { path: '/plans/:id/responsibilities', element: <Deferred><ResponsibilitiesPage /></Deferred> },
          { path: '/portfolio', element: <Charted><PortfolioPage /></Charted> },
          { path: '/portfolio/:id', element: <Deferred><ProjectPage /></Deferred> },
          { path: '/governance', element: <Deferred><GovernancePage /></Deferred> },
          { path: '/governance/bodies/:id', element: <Deferred><GovernanceBodyPage /></Deferred> },
          { path: '/governance/meetings/:id', element: <Deferred><MeetingPage /></Deferred> },
          { path: '/governance/delegation', element: <Deferred><DelegationPage /></Deferred> },
          { path: '/governance/interests', element: <Deferred><InterestsPage /></Deferred> },
          { path: '/governance/decisions', element: <Deferred><DecisionsPage /></Deferred> },
          { path: '/governance/decisions/:id', element: <Deferred><DecisionPage /></Deferred> },
          { path: '/dashboard', element: <Charted><DashboardPage /></Charted> },
          { path: '/board-pack', element: <Deferred><BoardPackPage /></Deferred> },
          { path: '/insight/compare', element: <Charted><ComparePage /></Charted> },
          { path: '/insight/alerts', element: <Deferred><AlertsPage /></Deferred> },
          { path: '/insight/measures', element: <Deferred><MeasuresPage /></Deferred> },
          { path: '/insight/groupings', element: <Deferred><GroupingsPage /></Deferred> },
          { path: '/insight/groupings/:id', element: <Deferred><GroupingPage /></Deferred> },
          { path: '/reviewers/evidence', element: <Charted><ReviewerEvidencePage /></Charted> },
          { path: '/insight/practices/:code/feedback', element: <Charted><FeedbackPackPage /></Charted> },
          { path: '/insight/feedback-packs', element: <Deferred><FeedbackPacksPage /></Deferred> },
          { path: '/ae-audits', element: <Deferred><AeAuditsPage /></Deferred> },
          { path: '/ae-audits/summary', element: <Charted><AeAuditSummaryPage /></Charted> },
          { path: '/ae-audits/:id', element: <Deferred><AeAuditPage /></Deferred> },
          { path: '/import', element: <ImportPage /> },
          { path: '/tokens', element: <TokensPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
