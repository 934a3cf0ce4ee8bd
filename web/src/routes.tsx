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
          { path: '/import', element: <ImportPage /> },
          { path: '/tokens', element: <TokensPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
