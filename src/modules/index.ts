// Each module registers its routes and services; cross-module calls go through the services wired here.
import type { App } from '../kernel/http.ts';
import type { Ctx } from '../kernel/context.ts';
import { errorFacts } from '../kernel/log.ts';
import { createTravellers } from './travellers/index.ts';
import { createLookouts } from './lookouts/index.ts';
import { createLanes } from './lanes/index.ts';
import { createFlow } from './flow/index.ts';

export interface Modules {
  travellers: ReturnType<typeof createTravellers>;
  lookouts: ReturnType<typeof createLookouts>;
  lanes: ReturnType<typeof createLanes>;
  flow: ReturnType<typeof createFlow>;
}

export async function registerModules(app: App, ctx: Ctx): Promise<Modules> {
  const lookouts = createLookouts(app, ctx);
  const travellers = createTravellers(app, ctx);
  // The portal screens applicants through the lookouts module's screen(), never its tables.
  travellers.screening = {
    screenPerson: async (s, purpose) => {
      const r = await lookouts.screen(
        { type: 'person', ...s },
        {
          actor: purpose.actor,
          agency: purpose.agencies,
          purpose: 'application risk assessment',
          subjectRef: purpose.subjectRef,
        },
      );
      return { status: r.status, hits: r.hits };
    },
  };
  // Members are registered people for recurrent vetting.
  const members = 'trusted-traveller members';
  lookouts.providers.push({
    name: members,
    subjects: () => travellers.registeredMembers(),
    subject: (ref) => travellers.registeredMember(ref),
    reportHit: (ref, hit) => travellers.reportRecurrentHit(ref, hit),
  });
  // Every membership change (here or, through NOTIFY, on another instance) reaches the index of registered people.
  travellers.directory.onChange.push((id) =>
    lookouts
      .registeredSubjectChanged(members, `membership:${id}`)
      .catch((e) => ctx.log.error({ err: errorFacts(e) }, 'registered subject refresh failed')),
  );
  const lanes = createLanes(app, ctx, { travellers, lookouts });
  const flow = createFlow(app, ctx, { lanes });
  await Promise.all([lookouts.ready, travellers.directory.ready, lanes.ready]);
  // Members are indexed for recurrent vetting in the background, by chunks: requests are served meanwhile.
  lookouts
    .indexRegisteredSubjects()
    .catch((e) => ctx.log.error({ err: errorFacts(e) }, 'indexing registered people failed'));
  return { travellers, lookouts, lanes, flow };
}
