// What the travellers route files share: the locale prefix of pages, hidden page schemas, path parameters, and the
// applicant's own application as a page loads it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageUser } from '../../../kernel/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { TravellersService } from '../service.ts';

/** Pages live under the locale: /en/..., /fr/..., /es/... */
export const L = '/:locale(en|fr|es)';
/** Pages (HTML) stay out of the OpenAPI document. */
export const hide = { schema: { hide: true } };
export const uuid = z.uuid().meta({ example: '3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a34' });
export const idParams = z.object({ id: uuid });
/** The `:id` of a page's path, a UUID (anything else is a 400). */
export const idOf = (params: unknown) => idParams.parse(params).id;

/** The signed-in applicant's own application, as a page loads it; null when the visitor was sent to sign in. */
export async function ownApplication(svc: TravellersService, req: FastifyRequest, reply: FastifyReply) {
  const u = pageUser(req, reply);
  if (!u) return null;
  const v = await svc.getForViewer(u, idOf(req.params), 'own application');
  if (v.app.userId !== u.id) throw new AppError(404, 'errors.not_found');
  return { u, ...v };
}
export type OwnApplication = NonNullable<Awaited<ReturnType<typeof ownApplication>>>;
