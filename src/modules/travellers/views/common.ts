// Small pieces of html that several travellers pages show.
import { html } from '../../../kernel/html.ts';
import type { T } from '../../../kernel/i18n.ts';
import type { Stage } from '../status.ts';

export const progName = (tt: T, p: string) => tt(`travellers.programme.${p}.name`);
export const progNames = (tt: T, ps: readonly string[], sep = ', ') => ps.map((p) => progName(tt, p)).join(sep);
export const stageTag = (tt: T, st: Stage) =>
  html`<span class="usa-tag ${st === 'denied' ? 'bg-secondary-dark' : st === 'member' ? 'bg-green' : ''}"
    >${tt('travellers.stage.' + st)}</span>`;
/** Whole days from `since` to now. */
export const daysSince = (since: Date | string) => Math.floor((Date.now() - new Date(since).getTime()) / 86400000);
