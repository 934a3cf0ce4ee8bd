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
          { path: '/pathways/:code', element: <Deferred><PathwayPage /></Deferred> },
          { path: '/import', element: <ImportPage /> },
          { path: '/tokens', element: <TokensPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
