// A decision reason in the page's language: lookout categories and actions named in words.
import type { T } from '../../../kernel/i18n.ts';
import type { Reason } from '../domain/decide.ts';

export const reasonText = (tt: T, r: Reason): string => {
  const args: Record<string, unknown> = { ...r.args };
  if (typeof args.category === 'string') args.category = tt(`lookouts.category.${args.category}`);
  if (typeof args.action === 'string') args.action = tt(`lookouts.action.${args.action}`);
  return tt(r.key, args);
};
