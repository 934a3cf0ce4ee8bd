/** The web app's entry: styles, the query cache, and the router. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.css';
import './app.css';
import { ApiError } from './api/client.js';
import { signedOut } from './api/hooks.js';
import { router } from './routes.js';

/** A 401 anywhere but sign-in means the session has ended: forget the user, so pages go to sign-in. */
function onApiError(error: unknown, key: readonly unknown[] | undefined) {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  if (key?.[0] === 'me' || key?.[0] === 'signIn') return;
  signedOut(queryClient);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onApiError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error, _v, _c, mutation) => onApiError(error, mutation.options.mutationKey) }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Retry only what might succeed next time: network failures and server errors.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
