// The modules of the monolith, in dependency order (a module's migrations run after those it builds on).
export const MODULES = ['travellers', 'lookouts', 'lanes', 'flow'] as const;
export type ModuleName = (typeof MODULES)[number];
