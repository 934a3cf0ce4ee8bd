/**
 * <PeerSetSelect>: choose the practices to compare with — one of the commissioner's groups
 * (localities, consortia, federations) or a grouping the user can see (shared ones and their own
 * private ones). Use it wherever a page takes a practice's peers or a group:
 *
 *   const [peers, setPeers] = useState<PeerSet>('');
 *   <PeerSetSelect id="peers" label="Compare with" value={peers} onChange={setPeers} emptyOption="All practices" />
 *   useQuery(… withQuery('/api/insight/…', { ...peerSetParams(peers), measure }) …)
 *
 * The value is 'group:CODE', 'grouping:ID', or '' (the `emptyOption`, when given). `peerSetParams`
 * turns it into the API's `group=CODE` / `grouping=ID`; `parsePeerSet` reads one from an address.
 * A practice user is offered its own group and the shared groupings (without their members).
 */
import { useGroups } from '../api/hooks.js';
import { useGroupings, type GroupingSummary } from '../api/groupings.js';
import { ErrorMessage } from '../nhsuk/ErrorMessage.js';
import { Hint } from '../nhsuk/Hint.js';
import { describedBy } from '../nhsuk/describedBy.js';

export type PeerSet = '' | `group:${string}` | `grouping:${number}`;

export type ParsedPeerSet = { kind: 'group'; code: string } | { kind: 'grouping'; id: number };

/** Reads a value (from a select or the address); null for '' or anything not of the two forms. */
export function parsePeerSet(value: string | null | undefined): ParsedPeerSet | null {
  const group = /^group:([A-Za-z0-9]{1,20})$/.exec(value ?? '');
  if (group) return { kind: 'group', code: group[1]! };
  const grouping = /^grouping:([1-9][0-9]{0,9})$/.exec(value ?? '');
  return grouping ? { kind: 'grouping', id: Number(grouping[1]) } : null;
}

/** A value made safe: '' when it is not a peer set. */
export function toPeerSet(value: string | null | undefined): PeerSet {
  const parsed = parsePeerSet(value);
  if (!parsed) return '';
  return parsed.kind === 'group' ? `group:${parsed.code}` : `grouping:${parsed.id}`;
}

/** The peer set of a page's separate group and grouping values (as kept in its address). */
export const peerSetOf = (group: string, grouping: string): PeerSet => toPeerSet(group ? `group:${group}` : grouping ? `grouping:${grouping}` : '');

/** The query parameters the insight API takes for a peer set: { group } or { grouping }. */
export function peerSetParams(value: string | null | undefined): { group?: string; grouping?: string } {
  const parsed = parsePeerSet(value);
  if (!parsed) return {};
  return parsed.kind === 'group' ? { group: parsed.code } : { grouping: String(parsed.id) };
}

const groupingText = (g: GroupingSummary) =>
  `${g.name} (${g.memberCount} ${g.memberCount === 1 ? 'practice' : 'practices'}${g.shared ? '' : ', private'})`;

export function PeerSetSelect({ id, label, labelSize, hint, error, value, onChange, emptyOption, groups = true, groupings = true, disabled }: {
  id: string;
  label: string;
  labelSize?: 's' | 'm' | 'l';
  hint?: string;
  error?: string | null;
  value: PeerSet;
  onChange: (value: PeerSet) => void;
  /** text of a first option with the value '' (e.g. "All practices"); leave out to require a choice */
  emptyOption?: string;
  /** offer the commissioner's groups (default true) */
  groups?: boolean;
  /** offer groupings (default true) */
  groupings?: boolean;
  disabled?: boolean;
}) {
  const groupList = useGroups();
  const groupingList = useGroupings();
  const loading = (groups && groupList.isPending) || (groupings && groupingList.isPending);
  const problem = [groups && groupList.isError && 'groups', groupings && groupingList.isError && 'groupings'].filter(Boolean).join(' and ');
  const shownHint = problem ? `${hint ? `${hint} ` : ''}The ${problem} could not be loaded.` : loading ? `${hint ? `${hint} ` : ''}Loading the choices…` : hint;

  const groupOptions = groups ? (groupList.data ?? []).map((g) => ({ value: `group:${g.code}`, text: `${g.name} (${g.code})` })) : [];
  const groupingOptions = groupings ? (groupingList.data ?? []).map((g) => ({ value: `grouping:${g.id}`, text: groupingText(g) })) : [];
  const known = value === '' || [...groupOptions, ...groupingOptions].some((o) => o.value === value);
  const hintId = shownHint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;

  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className={labelSize ? `nhsuk-label nhsuk-label--${labelSize}` : 'nhsuk-label'} htmlFor={id}>{label}</label>
      {shownHint && <Hint id={`${id}-hint`}>{shownHint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <select
        className={error ? 'nhsuk-select nhsuk-select--error' : 'nhsuk-select'}
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(toPeerSet(e.target.value))}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
      >
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : value === '' && <option value="" disabled>Choose…</option>}
        {/* Keeps a value from the address visible while the lists load, or after its grouping has gone. */}
        {!known && <option value={value}>{loading ? 'Loading…' : 'A grouping or group you cannot see'}</option>}
        {groupOptions.length > 0 && (
          <optgroup label="Groups">
            {groupOptions.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
          </optgroup>
        )}
        {groupingOptions.length > 0 && (
          <optgroup label="Groupings">
            {groupingOptions.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
          </optgroup>
        )}
      </select>
    </div>
  );
}
