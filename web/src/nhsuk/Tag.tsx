/** NHS.UK tag, e.g. a status. */
export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ colour, children }: { colour?: TagColour; children: string }) {
  return <strong className={colour ? `nhsuk-tag nhsuk-tag--${colour}` : 'nhsuk-tag'}>{children}</strong>;
}
