// Turning url-encoded form bodies (flat names like "addresses.0.line", checkboxes as "on") into plain objects.
export function nestForm(body: Record<string, unknown>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf' || name === 'action') continue;
    const parts = name.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const k = parts[i],
        nextIsIndex = /^\d+$/.test(parts[i + 1]);
      node[k] ??= nextIsIndex ? [] : {};
      node = node[k];
    }
    node[parts.at(-1)!] = value;
  }
  return out;
}
/** Drops rows whose every field is blank, so that the empty rows a form offers are not validated. */
export const filledRows = <T extends Record<string, unknown>>(rows: T[] | undefined): T[] =>
  (rows ?? []).filter(
    (r) => r && Object.values(r).some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null)),
  );
export const asArray = (v: unknown): string[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
export const checked = (v: unknown) => v === 'on' || v === 'true' || v === 'yes' || v === true;
