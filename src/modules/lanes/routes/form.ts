// Page routes read urlencoded forms, queries and path parameters as plain strings (unknown input, narrowed here).
export function fields(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      const first = Array.isArray(x) ? x[0] : x;
      if (typeof first === 'string') out[k] = first;
    }
  return out;
}

export const PAGE = '/:locale(en|fr|es)';
export const hidden = { schema: { hide: true } };
