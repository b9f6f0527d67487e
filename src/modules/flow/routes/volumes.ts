// Monthly volumes: BTS inbound crossings of a port by measure (published figures, public).
import { z } from 'zod';
import type { App } from '../../../kernel/http.ts';
import type { FlowService } from '../service.ts';
import { country, portCode, tags, volumesOut } from './schemas.ts';

export function volumeRoutes(app: App, svc: FlowService) {
  app.get(
    '/api/v1/flow/ports/:portCode/volumes',
    {
      schema: {
        tags,
        summary: 'Monthly inbound crossings (BTS) by measure',
        security: [],
        params: z.object({ portCode }),
        querystring: z.object({ country: country.default('US') }),
        response: { 200: volumesOut },
      },
    },
    async (req) => ({
      port: req.params.portCode,
      country: req.query.country,
      months: await svc.monthlyVolumes(req.query.country, req.params.portCode),
    }),
  );
}
