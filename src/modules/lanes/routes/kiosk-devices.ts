// Kiosk devices, for administrators (the API beside `smartborder kiosk register|list|revoke`): register one for a port
// (its credential is in the answer, once), list them, revoke one. canAdministerKiosk decides who may.
import { z } from 'zod';
import { notFound } from '../../../kernel/errors.ts';
import type { App } from '../../../kernel/http.ts';
import { canAdministerKiosks } from '../access.ts';
import type { KioskDevice, LanesService } from '../service/lanes.ts';
import { portId, tags } from './schemas.ts';

const kioskOut = z.object({
  id: z.uuid().meta({ example: '6f1d2c8e-5b7a-4e3f-9a1b-2c3d4e5f6a7b' }),
  portId,
  label: z.string().meta({ example: 'Hall A kiosk 1' }),
  status: z.enum(['active', 'revoked']).meta({ example: 'active' }),
  registeredAt: z.string().meta({ example: '2026-12-08T09:00:00.000Z' }),
  lastSeenAt: z.string().nullable().meta({ example: null }),
  revokedAt: z.string().nullable().meta({ example: null }),
});
const out = (k: KioskDevice) => ({
  id: k.id,
  portId: k.portId,
  label: k.label,
  status: k.status,
  registeredAt: new Date(k.registeredAt).toISOString(),
  lastSeenAt: k.lastSeenAt ? new Date(k.lastSeenAt).toISOString() : null,
  revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
});

export function kioskDeviceRoutes(app: App, svc: LanesService) {
  app.get(
    '/api/v1/lanes/kiosks',
    {
      schema: {
        tags,
        summary: 'Kiosk devices that the administrator may administer (of one port, or all)',
        querystring: z.object({ port: portId.optional() }),
        response: { 200: z.object({ kiosks: z.array(kioskOut) }) },
      },
    },
    async (req) => {
      const u = await svc.ctx.guard.admit(req.user, canAdministerKiosks, 'lanes:kiosks');
      return { kiosks: (await svc.kiosks(req.query.port, u)).map(out) };
    },
  );
  app.post(
    '/api/v1/lanes/kiosks',
    {
      schema: {
        tags,
        summary:
          "Register a kiosk device for a port with a members' lane. The answer holds its credential, shown only " +
          'this once (only its SHA-256 is kept): enrol the kiosk with it.',
        body: z.object({ port: portId, label: z.string().trim().min(1).max(120).meta({ example: 'Hall A kiosk 1' }) }),
        response: {
          201: z.object({
            kiosk: kioskOut,
            credential: z.string().meta({ example: 'sbk_q8Yb2v0mJx4n3k1f9Gz7tP5wL6sR2dE0q8Yb2v0mJx4' }),
          }),
        },
      },
    },
    async (req, reply) => {
      const u = await svc.ctx.guard.admit(req.user, canAdministerKiosks, 'lanes:kiosks');
      const { kiosk, credential } = await svc.registerKiosk(u, req.body.port, req.body.label);
      return reply.status(201).send({ kiosk: out(kiosk), credential });
    },
  );
  app.delete(
    '/api/v1/lanes/kiosks/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a kiosk device at once: its credential decides nothing more',
        params: z.object({ id: z.uuid().meta({ example: '6f1d2c8e-5b7a-4e3f-9a1b-2c3d4e5f6a7b' }) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const u = await svc.ctx.guard.admit(req.user, canAdministerKiosks, 'lanes:kiosks');
      if (!(await svc.revokeKiosk(u, req.params.id))) throw notFound();
      return reply.status(204).send(null);
    },
  );
}
