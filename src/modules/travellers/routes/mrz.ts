// Machine-readable zones: parse and check a TD1 or TD3 zone, as the identity step does (for integrations).
import type { App } from '../../../kernel/http.ts';
import { parseMrz } from '../domain/mrz.ts';
import { mrzBody, mrzOut, tags } from './schemas.ts';

export function mrzRoutes(app: App) {
  app.post(
    '/api/v1/mrz/parse',
    {
      schema: {
        tags,
        summary: 'Parse and check a machine-readable zone (TD1 or TD3)',
        body: mrzBody,
        response: { 200: mrzOut },
      },
    },
    async (req) => parseMrz(req.body.text, { today: new Date().toISOString().slice(0, 10) }),
  );
}
