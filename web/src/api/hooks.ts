/** TanStack Query hooks over the API client: one per endpoint the pages use. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken, withQuery } from './client.js';
import type { ApiToken, CreatedToken, Group, ImportRun, Me, Practice, Provider, Pyramid } from './types.js';

export const queryKeys = {
  me: ['me'] as const,
  groups: ['groups'] as const,
  practices: ['practices'] as const,
  practice: (code: string) => ['practices', code] as const,
  practicePopulation: (code: string, period: string | null) => ['practices', code, 'population', period] as const,
  population: (period: string | null) => ['population', period] as const,
  providers: ['providers'] as const,
  tokens: ['tokens'] as const,
  imports: ['imports'] as const,
};

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/me', signal);
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: ['signIn'],
    mutationFn: (credentials: { username: string; password: string }) => api.post<Me>('/api/auth/login', credentials),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      client.setQueryData(queryKeys.me, me);
    },
  });
}

/** Forgets everything cached for the previous user. */
export function signedOut(client: QueryClient) {
  setCsrfToken(null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  client.setQueryData(queryKeys.me, null);
}

/** Ends the session; the caller then leaves the page and calls signedOut (in that order). */
export function useSignOut() {
  return useMutation({ mutationFn: () => api.post<void>('/api/auth/logout') });
}

export const useGroups = () => useQuery({ queryKey: queryKeys.groups, queryFn: ({ signal }) => api.get<Group[]>('/api/groups', signal) });

export const usePractices = () => useQuery({ queryKey: queryKeys.practices, queryFn: ({ signal }) => api.get<Practice[]>('/api/practices', signal) });

export const usePractice = (code: string) => useQuery({
  queryKey: queryKeys.practice(code),
  queryFn: ({ signal }) => api.get<Practice>(`/api/practices/${encodeURIComponent(code)}`, signal),
});

export const usePracticePopulation = (code: string, period: string | null) => useQuery({
  queryKey: queryKeys.practicePopulation(code, period),
  queryFn: ({ signal }) => api.get<Pyramid>(withQuery(`/api/practices/${encodeURIComponent(code)}/population`, { period }), signal),
});

export const usePopulation = (period: string | null) => useQuery({
  queryKey: queryKeys.population(period),
  queryFn: ({ signal }) => api.get<Pyramid>(withQuery('/api/population', { period }), signal),
});

export const useProviders = () => useQuery({ queryKey: queryKeys.providers, queryFn: ({ signal }) => api.get<Provider[]>('/api/providers', signal) });

export const useTokens = () => useQuery({ queryKey: queryKeys.tokens, queryFn: ({ signal }) => api.get<ApiToken[]>('/api/tokens', signal) });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<CreatedToken>('/api/tokens', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export const useImports = (enabled: boolean) => useQuery({
  queryKey: queryKeys.imports,
  queryFn: async ({ signal }) => normaliseRuns(await api.get<unknown>('/api/imports', signal)),
  enabled,
});

/** After an import: organisations, providers and populations may all have changed. */
export function invalidateAfterImport(client: QueryClient) {
  for (const key of [queryKeys.imports, queryKeys.groups, queryKeys.practices, queryKeys.providers, ['population']]) {
    void client.invalidateQueries({ queryKey: key });
  }
}

/** GET /api/imports returns the runs as an array (or wrapped as { runs } / { items }). */
function normaliseRuns(body: unknown): ImportRun[] {
  if (Array.isArray(body)) return body as ImportRun[];
  if (body && typeof body === 'object') {
    const wrapped = (body as { runs?: unknown; items?: unknown }).runs ?? (body as { items?: unknown }).items;
    if (Array.isArray(wrapped)) return wrapped as ImportRun[];
  }
  return [];
}
