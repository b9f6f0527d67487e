// What the kernel's route files share: the locale prefix of page URLs.
export const LOCALE = '/:locale(en|fr|es)';
