/** The aria-describedby of a field: its hint and error message ids, when present. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => Boolean(id));
  return present.length ? present.join(' ') : undefined;
}
