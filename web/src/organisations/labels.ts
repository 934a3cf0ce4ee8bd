/** Words for the codes the API uses. */

const GROUP_KINDS: Record<string, string> = {
  locality: 'Locality',
  consortium: 'Consortium',
  federation: 'Federation',
  network: 'Primary care network',
};

const PROVIDER_KINDS: Record<string, string> = {
  acute: 'Acute hospital',
  community: 'Community services',
  mental_health: 'Mental health',
  independent: 'Independent sector',
  primary_care: 'Primary care',
};

const fallback = (code: string) => (code.charAt(0).toUpperCase() + code.slice(1)).replace(/_/g, ' ');

export const groupKindLabel = (kind: string) => GROUP_KINDS[kind] ?? fallback(kind);

export const providerKindLabel = (kind: string) => PROVIDER_KINDS[kind] ?? fallback(kind);
