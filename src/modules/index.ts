// Each module registers its routes and services; cross-module calls go through the services wired here.
import type { App } from '../kernel/http.ts';
import type { Ctx } from '../kernel/context.ts';
import { createTravellers } from './travellers/index.ts';
import { createLookouts } from './lookouts/index.ts';
import { createLanes } from './lanes/index.ts';
import { createFlow } from './flow/index.ts';

export interface Modules { travellers: ReturnType<typeof createTravellers>; lookouts: ReturnType<typeof createLookouts>; lanes: ReturnType<typeof createLanes>; flow: ReturnType<typeof createFlow> }

export async function registerModules(app: App, ctx: Ctx): Promise<Modules> {
  const lookouts = createLookouts(app, ctx);
  const travellers = createTravellers(app, ctx);
  // The portal screens applicants through the lookouts module's screen(), never its tables.
  travellers.screening = {
    screenPerson: async (s, purpose) => {
      const r = await lookouts.screen({ type: 'person', ...s }, { actor: purpose.actor, agency: purpose.agencies, purpose: 'application risk assessment', subjectRef: purpose.subjectRef });
      return { status: r.status, hits: r.hits };
    },
  };
  // Members are registered people for recurrent vetting.
  lookouts.providers.push({ name: 'trusted-traveller members', subjects: () => travellers.registeredMembers(), reportHit: (ref, hit) => travellers.reportRecurrentHit(ref, hit) });
  const lanes = createLanes(app, ctx, { travellers, lookouts });
  const flow = createFlow(app, ctx, { lanes });
  await Promise.all([lookouts.ready, travellers.directory.ready, lanes.ready]);
  return { travellers, lookouts, lanes, flow };
}
