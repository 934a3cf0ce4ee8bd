/** The peer set: all practices, a group (locality, federation…) or a user-defined grouping, as one select ("group:NORTH", "grouping:3"). */
import { useGroupings } from '../api/groupings.js';
import { useGroups } from '../api/hooks.js';
import { Select } from '../nhsuk/Select.js';

export const peerSetValue = (group: string, grouping: string) => (group ? `group:${group}` : grouping ? `grouping:${grouping}` : '');
export const parsePeerSet = (value: string) => ({
  group: value.startsWith('group:') ? value.slice(6) : '',
  grouping: value.startsWith('grouping:') ? value.slice(9) : '',
});

export function PeerSetSelect({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const groups = useGroups();
  const groupings = useGroupings();
  return (
    <Select id={id} label="Peers" value={value} onChange={onChange}
      hint="Practices to compare with. Rates are always judged against the whole commissioner’s."
      options={[
        { value: '', text: 'All practices' },
        ...(groups.data ?? []).map((g) => ({ value: `group:${g.code}`, text: `${g.name} (group)` })),
        ...(groupings.data ?? []).map((g) => ({ value: `grouping:${g.id}`, text: `${g.name} (${g.kindLabel.toLowerCase()})` })),
      ]} />
  );
}
