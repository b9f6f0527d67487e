// Demo data for `smartborder serve --demo`, created through the modules' services as people would: members who can
// cross, an application under review, agency lookouts and the UN list. Idempotent; synthetic people, labelled so.
import fs from 'node:fs';
import path from 'node:path';
import type { Platform } from './app.ts';
import { createUser, findUserByEmail, type User } from './kernel/auth.ts';
import { buildTd1, buildTd3 } from './modules/travellers/index.ts';

const DATA = path.resolve(import.meta.dirname, '../data');
/** A plain 8×10 PNG standing in for the synthetic travellers' photos. */
const DEMO_PHOTO =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAKCAIAAAAGpYjXAAAAEUlEQVR4nGM4sWoaVsQw3CUAbbuigTi6em8AAAAASUVORK5CYII=';
const ym = (monthsAgo: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - monthsAgo);
  return d.toISOString().slice(0, 7);
};
const inYears = (n: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
};

interface Persona {
  email: string;
  name: string;
  surname: string;
  given: string;
  country: 'CA' | 'US';
  passport: string;
  birthDate: string;
  sex: 'F' | 'M';
  programmes: ('NEXUS' | 'GLOBAL_ENTRY' | 'SENTRI')[];
  until: 'member' | 'submitted';
}
export const PERSONAS: Persona[] = [
  {
    email: 'marie.tremblay@demo.smartborder.test',
    name: 'Marie Tremblay (synthetic)',
    surname: 'TREMBLAY',
    given: 'MARIE',
    country: 'CA',
    passport: 'AB123456',
    birthDate: '1985-04-23',
    sex: 'F',
    programmes: ['NEXUS'],
    until: 'member',
  },
  {
    email: 'james.carter@demo.smartborder.test',
    name: 'James Carter (synthetic)',
    surname: 'CARTER',
    given: 'JAMES',
    country: 'US',
    passport: '568123490',
    birthDate: '1978-11-02',
    sex: 'M',
    programmes: ['SENTRI'],
    until: 'member',
  },
  {
    email: 'lucia.hernandez@demo.smartborder.test',
    name: 'Lucia Hernandez (synthetic)',
    surname: 'HERNANDEZ',
    given: 'LUCIA',
    country: 'US',
    passport: '577001122',
    birthDate: '1991-02-14',
    sex: 'F',
    programmes: ['NEXUS', 'GLOBAL_ENTRY'],
    until: 'submitted',
  },
];
export const personaMrz = (p: Persona) =>
  buildTd3({
    issuingCountry: p.country,
    surname: p.surname,
    givenNames: p.given,
    documentNumber: p.passport,
    nationality: p.country,
    birthDate: p.birthDate,
    sex: p.sex,
    expiryDate: inYears(6),
  });

/** The demo's member kiosks: one registered device at each port the demo shows. */
export const DEMO_KIOSK_PORTS = ['PC-YUL', 'PC-YYZ', 'US-0901', 'US-2504'];
const DEMO_KIOSK_LABEL = 'Demo kiosk (synthetic)';
/**
 * A demo kiosk's credential, derived from the installation's key (a keyed hash of the port), so that every start of
 * the demo can print it again; real kiosks get random credentials, shown once (`smartborder kiosk register`).
 */
export const demoKioskCredential = (platform: Platform, port: string) =>
  `sbk_${platform.ctx.cipher.blindIndex('demo-kiosk', port)}`;

/** Registers the demo kiosks that are not registered yet (idempotent). */
export async function seedDemoKiosks(platform: Platform, log: (s: string) => void = () => {}) {
  for (const port of DEMO_KIOSK_PORTS) {
    if ((await platform.modules.lanes.kiosks(port)).some((k) => k.label === DEMO_KIOSK_LABEL)) continue;
    log(`demo kiosk at ${port}`);
    await platform.modules.lanes.registerKiosk(null, port, DEMO_KIOSK_LABEL, {
      credential: demoKioskCredential(platform, port),
    });
  }
}

export async function seedDemo(platform: Platform, log: (s: string) => void = () => {}) {
  const { ctx, modules } = platform;
  const officer = async (email: string) => (await findUserByEmail(ctx.db, email))!;
  for (const p of PERSONAS) {
    if (await findUserByEmail(ctx.db, p.email)) continue;
    log(`demo traveller ${p.email}`);
    const u: User = await createUser(ctx.db, {
      email: p.email,
      password: 'demo-password-2026',
      displayName: p.name,
      roles: ['applicant'],
      kind: 'public',
    });
    const app = await modules.travellers.createApplication(u, p.programmes, null);
    await modules.travellers.saveDraft(u, app.id, {
      facts: {
        citizenships: [p.country],
        residenceCountry: p.country,
        residenceStatus: 'citizen',
        birthDate: p.birthDate,
        commercialDriver: false,
        guardianName: '',
        guardianConsent: false,
      },
      identity: {
        surname: p.surname,
        givenNames: p.given,
        sex: p.sex,
        birthCountry: p.country,
        passportNumber: p.passport,
        passportCountry: p.country,
        passportExpiry: inYears(6),
        mrz: personaMrz(p),
      },
      history: {
        addresses: [
          {
            line: '100 Main Street',
            city: p.country === 'CA' ? 'Ottawa' : 'San Diego',
            country: p.country,
            from: ym(80),
            to: '',
          },
        ],
        employment: [
          { employer: 'Example Corp (synthetic)', occupation: 'Analyst', country: p.country, from: ym(80), to: '' },
        ],
        travel: [],
      },
      declarations: {
        criminalConviction: false,
        customsViolation: false,
        immigrationViolation: false,
        explanation: '',
        truthful: true,
      },
      photo: { mediaType: 'image/png', base64: DEMO_PHOTO },
    });
    await modules.travellers.submit(u, app.id);
    if (p.until === 'submitted') continue;
    for (const agency of modules.travellers.requiredAgencies(app))
      await modules.travellers.decide(await officer(`vetting.${agency.toLowerCase()}@demo.smartborder.test`), app.id, {
        kind: 'approve',
      });
    const enrolAgency = modules.travellers.requiredAgencies(app)[0].toLowerCase();
    await modules.travellers.issueMembership(await officer(`enrolment.${enrolAgency}@demo.smartborder.test`), app.id, {
      documentsVerified: true,
      photoRef: `PHOTO-DEMO-${p.passport}`,
      biometricRef: `FP-DEMO-${p.passport}`,
    });
  }

  if (!(await modules.lookouts.importedFrom('UN Security Council Consolidated List'))) {
    log('importing the UN Security Council Consolidated List as reference lookouts…');
    const r = await modules.lookouts.importList(null, 'un', {
      xml: fs.readFileSync(path.join(DATA, 'lists/un-consolidated-2026-02-27.xml'), 'utf8'),
    });
    log(r.ok ? `  ${r.imported} entries` : `  refused: ${r.errors.length} errors`);
  }
  if (!(await modules.lookouts.agencyLookoutCount())) {
    log('demo agency lookouts');
    const cbsa = await officer('analyst.cbsa@demo.smartborder.test'),
      cbp = await officer('analyst.cbp@demo.smartborder.test'),
      inm = await officer('analyst.inm@demo.smartborder.test');
    await modules.lookouts.create(
      cbsa,
      {
        subjectType: 'person',
        category: 'serious_crime',
        reason: 'Canada-wide warrant, armed robbery (synthetic demo record)',
        recommendedAction: 'refer_secondary',
        sharingAgencies: ['CBP'],
        sharingCountries: [],
        legalReference: 'Criminal Code s. 344 (demo)',
        identifiers: {
          names: ['Viktor Sergeyevich Morozov', 'Виктор Сергеевич Морозов'],
          originalScriptNames: [],
          birthDates: ['1974-08-19'],
          nationalities: ['RU'],
          documents: [],
          plates: [],
          containers: [],
        },
      },
      { activate: true },
    );
    await modules.lookouts.create(
      cbp,
      {
        subjectType: 'vehicle',
        category: 'customs_smuggling',
        reason: 'Vehicle linked to narcotics seizure (synthetic demo record)',
        recommendedAction: 'refer_secondary',
        sharingAgencies: ['CBSA', 'INM'],
        sharingCountries: [],
        legalReference: '',
        identifiers: {
          names: [],
          originalScriptNames: [],
          birthDates: [],
          nationalities: [],
          documents: [],
          plates: [{ number: '8ABC123', jurisdiction: 'CA' }],
          containers: [],
        },
      },
      { activate: true },
    );
    await modules.lookouts.create(
      inm,
      {
        subjectType: 'person',
        category: 'immigration',
        reason: 'Removal order in force (synthetic demo record)',
        recommendedAction: 'notify_originator',
        sharingAgencies: ['CBP'],
        sharingCountries: [],
        legalReference: 'Ley de Migración art. 144 (demo)',
        identifiers: {
          names: ['Juan Carlos Mendoza Ruiz'],
          originalScriptNames: [],
          birthDates: ['1988'],
          nationalities: ['HN'],
          documents: [],
          plates: [],
          containers: [],
        },
      },
      { activate: true },
    );
  }
  await platform.modules.lanes.load();
  await seedDemoKiosks(platform, log);

  if (!(await modules.flow.importCount())) {
    for (const [kind, file, port] of [
      ['bts', 'bts-border-crossing-entry-2020-onward.csv', undefined],
      ['bts', 'bts-border-crossing-entry-san-ysidro-1996-2021.csv', undefined],
      ['cbp-bwt', 'cbp-bwt-historical-san-ysidro.csv', '2504'],
      ['hourly', 'peace-arch-southbound-cars-hourly-2013-2017.csv', '3004'],
    ] as const) {
      log(`importing ${file}…`);
      const r = await modules.flow.importFile(
        null,
        kind,
        file,
        fs.readFileSync(path.join(DATA, 'flow', file), 'utf8'),
        { portCode: port },
      );
      if (!r.ok) log(`  refused: ${r.errors[0]?.line}: ${r.errors[0]?.message}`);
    }
  }
  // Recent crossings at San Ysidro through the booth decision service, with synthetic queue-join times (labelled
  // synthetic): the board then shows measured waits for the last hour.
  const recent = await modules.lanes.crossingsBetween('US-2504', new Date(Date.now() - 3600000), new Date());
  if (recent.length < 20) {
    log('synthetic crossings at San Ysidro (last hour)');
    const border = await officer('border.cbp@demo.smartborder.test');
    const member = PERSONAS[1];
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 60; i++) {
      const lane = i % 3 === 0 ? 'trusted' : i % 3 === 1 ? 'ready' : 'general';
      const typical = lane === 'trusted' ? 12 : lane === 'ready' ? 35 : 55;
      const waitMin = typical * (0.6 + 0.8 * rand());
      const doc = {
        issuingCountry: 'USA',
        surname: 'SYNTHETIC',
        givenNames: `TRAVELLER ${String.fromCharCode(65 + (i % 26))}`,
        documentNumber: `C${String(10000000 + i)}`,
        nationality: 'USA',
        birthDate: '1980-01-01',
        sex: 'X' as const,
        expiryDate: inYears(4),
      };
      // Ready lanes take RFID-enabled cards (here a passport card, TD1).
      const mrz =
        lane === 'trusted'
          ? personaMrz(member)
          : lane === 'ready'
            ? buildTd1({ ...doc, documentType: 'IP' })
            : buildTd3({
                issuingCountry: 'USA',
                surname: 'SYNTHETIC',
                givenNames: `TRAVELLER ${String.fromCharCode(65 + (i % 26))}`,
                documentNumber: `S${String(100000 + i)}`,
                nationality: 'USA',
                birthDate: '1980-01-01',
                sex: 'X',
                expiryDate: inYears(4),
              });
      await modules.lanes.decidePrimary(
        {
          portId: 'US-2504',
          laneId: `US-2504-${lane}`,
          occupants: [{ mrz }],
          queueJoinedAt: new Date(Date.now() - waitMin * 60000).toISOString(),
        },
        border,
      );
    }
  }
}
