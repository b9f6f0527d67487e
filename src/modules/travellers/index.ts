// The travellers module: the single application portal, joint vetting, interviews and memberships.
// This file is the module's only public surface: other modules, the CLI and the demo use nothing else of it.
import type { App } from '../../kernel/http.ts';
import type { Ctx } from '../../kernel/context.ts';
import { TravellersService } from './service.ts';
import { applicationRoutes } from './routes/applications.ts';
import { draftRoutes } from './routes/drafts.ts';
import { enrolmentRoutes } from './routes/enrolment.ts';
import { interviewRoutes } from './routes/interviews.ts';
import { membershipRoutes } from './routes/memberships.ts';
import { mrzRoutes } from './routes/mrz.ts';
import { travellersNavigation } from './routes/navigation.ts';
import { vettingRoutes } from './routes/vetting.ts';

export function createTravellers(app: App, ctx: Ctx) {
  const service = new TravellersService(ctx);
  travellersNavigation();
  mrzRoutes(app);
  applicationRoutes(app, service);
  draftRoutes(app, service);
  interviewRoutes(app, service);
  vettingRoutes(app, service);
  enrolmentRoutes(app, service);
  membershipRoutes(app, service);
  return service;
}
export type { TravellersService };
// Pure rules that the lanes module applies at the booth and the demo uses to make synthetic documents.
export { parseMrz, buildTd1, buildTd3 } from './domain/mrz.ts';
export { isValidCardNumber } from './domain/numbers.ts';
export { lanesFor, type LaneCode, type ProgrammeCode } from './domain/programmes.ts';
// The seeder of enrolment centres and interview slots (src/modules/seeders.ts).
export { travellersSeeder } from './seed.ts';
export type { Application, MemberSubject, ScreeningPort } from './service.ts';
