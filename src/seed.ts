// Reference and demo data. Idempotent: running it twice changes nothing the second time.
import { createUser, findUserByEmail, type Role } from './kernel/auth.ts';
import { AGENCIES } from './kernel/agencies.ts';
import type { Ctx } from './kernel/context.ts';

export const DEMO_PASSWORD = 'demo-password-2026';

/** One account per role and agency, so that every screen can be tried. */
export const DEMO_ACCOUNTS: { email: string; name: string; roles: Role[]; agency: string | null }[] = [
  { email: 'applicant@demo.smartborder.test', name: 'Alex Applicant', roles: ['applicant'], agency: null },
  ...Object.values(AGENCIES).flatMap((a) => {
    const l = a.code.toLowerCase();
    return [
      {
        email: `vetting.${l}@demo.smartborder.test`,
        name: `${a.code} Vetting Officer`,
        roles: ['vetting_officer'] as Role[],
        agency: a.code,
      },
      {
        email: `enrolment.${l}@demo.smartborder.test`,
        name: `${a.code} Enrolment Officer`,
        roles: ['enrolment_officer'] as Role[],
        agency: a.code,
      },
      {
        email: `border.${l}@demo.smartborder.test`,
        name: `${a.code} Border Officer`,
        roles: ['border_officer'] as Role[],
        agency: a.code,
      },
      {
        email: `analyst.${l}@demo.smartborder.test`,
        name: `${a.code} Targeting Analyst`,
        roles: ['targeting_analyst'] as Role[],
        agency: a.code,
      },
      {
        email: `trade.${l}@demo.smartborder.test`,
        name: `${a.code} Trade User`,
        roles: ['trade_user'] as Role[],
        agency: a.code,
      },
      {
        email: `planner.${l}@demo.smartborder.test`,
        name: `${a.code} Planner`,
        roles: ['planner'] as Role[],
        agency: a.code,
      },
      {
        email: `admin.${l}@demo.smartborder.test`,
        name: `${a.code} Administrator`,
        roles: ['administrator'] as Role[],
        agency: a.code,
      },
      {
        email: `auditor.${l}@demo.smartborder.test`,
        name: `${a.code} Auditor`,
        roles: ['auditor'] as Role[],
        agency: a.code,
      },
    ];
  }),
];

export interface Seeder {
  name: string;
  run(ctx: Ctx, opts: { demo: boolean; log: (s: string) => void }): Promise<void>;
}
const seeders: Seeder[] = [];
export function addSeeder(s: Seeder) {
  seeders.push(s);
}

export async function seedAll(ctx: Ctx, opts: { demo: boolean; log?: (s: string) => void }) {
  const log = opts.log ?? (() => {});
  const accounts: { email: string; password: string; roles: string[]; agency: string | null }[] = [];
  if (opts.demo) {
    for (const a of DEMO_ACCOUNTS) {
      if (!(await findUserByEmail(ctx.db, a.email)))
        await createUser(ctx.db, {
          email: a.email,
          password: DEMO_PASSWORD,
          displayName: a.name,
          roles: a.roles,
          kind: a.agency ? 'officer' : 'public',
          agency: a.agency,
        });
      accounts.push({ email: a.email, password: DEMO_PASSWORD, roles: a.roles, agency: a.agency });
    }
  }
  const { moduleSeeders } = await import('./modules/seeders.ts');
  for (const s of [...moduleSeeders, ...seeders]) {
    log(`seeding ${s.name}…`);
    await s.run(ctx, { demo: opts.demo, log });
  }
  return accounts;
}
