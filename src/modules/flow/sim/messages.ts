/**
 * The flow simulation's message catalogue (src/modules/flow/i18n/sim.{en,fr,es}.json, flat ICU
 * messages). The kernel merges these files into the platform catalogue for the web UI; this small
 * loader lets the CLI and the pure functions format messages without starting the kernel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

export const SIM_LOCALES = ['en', 'fr', 'es'] as const;
export type SimLocale = (typeof SIM_LOCALES)[number];

const dir = path.resolve(import.meta.dirname, '..', 'i18n');
const catalogs = new Map<SimLocale, Record<string, string>>();
const compiled = new Map<string, IntlMessageFormat>();

export function catalog(locale: SimLocale): Record<string, string> {
  let c = catalogs.get(locale);
  if (!c) {
    c = JSON.parse(fs.readFileSync(path.join(dir, `sim.${locale}.json`), 'utf8')) as Record<string, string>;
    catalogs.set(locale, c);
  }
  return c;
}

export function isSimLocale(s: unknown): s is SimLocale {
  return typeof s === 'string' && (SIM_LOCALES as readonly string[]).includes(s);
}

/** Formats a message; falls back to English, then to the key itself. */
export function msg(locale: SimLocale, key: string, values: Record<string, string | number> = {}): string {
  const id = `${locale}\u0000${key}`;
  let fmt = compiled.get(id);
  if (!fmt) {
    const text = catalog(locale)[key] ?? catalog('en')[key];
    if (text === undefined) return key;
    fmt = new IntlMessageFormat(text, locale);
    compiled.set(id, fmt);
  }
  return String(fmt.format(values));
}
