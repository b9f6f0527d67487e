// Ports of entry and their lanes (reference data, public).
import { z } from 'zod';
import { COUNTRIES } from '../../../kernel/agencies.ts';
import { notFound } from '../../../kernel/errors.ts';
import type { App } from '../../../kernel/http.ts';
import type { LanesService } from '../service/lanes.ts';
import { laneOut, portId, portOut, tags } from './schemas.ts';

export function portRoutes(app: App, svc: LanesService) {
  app.get(
    '/api/v1/ports',
    {
      schema: {
        tags,
        summary: 'Ports of entry (land ports and US preclearance airports)',
        querystring: z.object({
          country: z.enum(COUNTRIES).optional().meta({ example: 'CA' }),
          major: z.coerce.boolean().optional().meta({ example: true }),
        }),
        response: { 200: z.object({ ports: z.array(portOut) }) },
      },
    },
    async (req) => {
      await svc.ready;
      const { country, major } = req.query;
      return {
        ports: [...svc.ports.values()].filter((p) => (!country || p.country === country) && (!major || p.major)),
      };
    },
  );
  app.get(
    '/api/v1/ports/:portId/lanes',
    {
      schema: {
        tags,
        summary: 'Lanes of a port with booths open now',
        params: z.object({ portId }),
        response: { 200: z.object({ lanes: z.array(laneOut) }) },
      },
    },
    async (req) => {
      await svc.ready;
      if (!svc.port(req.params.portId)) throw notFound();
      return { lanes: svc.lanesOf(req.params.portId).map((l) => ({ ...l, openNow: svc.openBooths(l) })) };
    },
  );
}
