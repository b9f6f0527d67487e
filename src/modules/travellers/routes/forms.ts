// Turning url-encoded form bodies (flat names like "addresses.0.line", checkboxes as "on") into plain objects, and
// reading their fields as the types a page renders.
import { z } from 'zod';

/** A url-encoded or multipart form body as Fastify hands it over: field names to values (strings, arrays, files). */
export const formBody = z.record(z.string(), z.unknown());
export type FormBody = z.infer<typeof formBody>;
/** A nested form: objects and arrays built from dotted names, leaves as sent. */
export type FormTree = { [name: string]: unknown };

export function nestForm(body: FormBody): FormTree {
  const out: FormTree = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf' || name === 'action') continue;
    const parts = name.split('.');
    let node: FormTree = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const k = parts[i],
        nextIsIndex = /^\d+$/.test(parts[i + 1]);
      node[k] ??= nextIsIndex ? [] : {};
      // an array is indexed by its digits as an object is by its names
      node = node[k] as FormTree;
    }
    node[parts.at(-1) ?? name] = value;
  }
  return out;
}

/** A row of a repeated group of fields (an address, a job, a trip), as typed. */
export type FormRow = Record<string, string | number | undefined>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
/** Drops rows whose every field is blank, so that the empty rows a form offers are not validated. */
export const filledRows = (rows: unknown): Record<string, unknown>[] =>
  (Array.isArray(rows) ? rows : []).filter(
    (r): r is Record<string, unknown> =>
      isRecord(r) &&
      Object.values(r).some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null)),
  );
/** A row's fields as the page shows them again (strings and numbers; anything else is left out). */
export const rowValues = (r: Record<string, unknown>): FormRow =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' ? v : undefined]),
  );
export const asArray = (v: unknown): string[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
export const checked = (v: unknown) => v === 'on' || v === 'true' || v === 'yes' || v === true;
/** A text field's value, or undefined when it was not sent as text. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
