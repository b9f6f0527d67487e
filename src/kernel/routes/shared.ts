// What the kernel's route files share: the locale prefix of page URLs and the sign-in rate limit.
export const LOCALE = '/:locale(en|fr|es)';
export const signInLimit = { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } };
