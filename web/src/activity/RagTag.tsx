/** A red/amber/green rating as an NHS.UK tag: the word says it, the colour only repeats it. */
import type { Rag } from '../api/activity.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';

const COLOURS: Record<Rag, TagColour> = { green: 'green', amber: 'orange', red: 'red' };
const WORDS: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export function RagTag({ rag }: { rag: Rag }) {
  return <Tag colour={COLOURS[rag]}>{WORDS[rag]}</Tag>;
}
