// Synthetic data for the lanes benchmark: a million trusted-traveller members written straight into the portal's tables
// (with the platform's own blind indexes and field encryption), 30,000 active lookouts (OFAC SDN entries as reference
// lookouts plus synthetic agency lookouts), and a pool of primary-inspection requests with a realistic mix.
//
// Every member is a pure function of its index (name, passport, card, region), so the request pool is built without
// reading the members back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Ctx } from '../../src/kernel/context.ts';
import { buildTd3, checkDigit } from '../../src/modules/travellers/domain/mrz.ts';
import { luhnCheckDigit } from '../../src/modules/travellers/domain/numbers.ts';
import { parseOfac } from '../../src/modules/lookouts/sources/index.ts';
import { ScreeningIndex, DEFAULT_THRESHOLD, type ListEntry } from '../../src/modules/lookouts/engine/index.ts';

/** The OFAC SDN 2021 snapshot committed with the project (data/lists, source and licence in data/README.md). */
export const OFAC_DIR = path.resolve(import.meta.dirname, '../../data/lists/ofac-sdn-2021');

/** mulberry32: a small seeded PRNG for reproducible data. */
export class Rng {
  s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
}
/** A stateless 32-bit hash of an integer (for per-member attributes). */
function h32(i: number, salt: number): number {
  let x = (i ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

// Common given names and surnames of the three countries (travellers and members).
const GIVEN = (
  'JAMES MARY ROBERT PATRICIA JOHN JENNIFER MICHAEL LINDA DAVID ELIZABETH WILLIAM BARBARA RICHARD SUSAN JOSEPH ' +
  'JESSICA THOMAS SARAH CHARLES KAREN CHRISTOPHER LISA DANIEL NANCY MATTHEW BETTY ANTHONY SANDRA MARK MARGARET ' +
  'DONALD ASHLEY STEVEN KIMBERLY PAUL EMILY ANDREW DONNA JOSHUA MICHELLE KENNETH CAROL KEVIN AMANDA BRIAN MELISSA ' +
  'GEORGE DEBORAH TIMOTHY STEPHANIE RONALD REBECCA JASON LAURA EDWARD HELEN JEFFREY SHARON RYAN CYNTHIA JACOB ' +
  'KATHLEEN GARY AMY NICHOLAS ANGELA ERIC SHIRLEY JONATHAN ANNA STEPHEN BRENDA LARRY PAMELA JUSTIN EMMA SCOTT ' +
  'NICOLE BRANDON SAMANTHA BENJAMIN KATHERINE SAMUEL CHRISTINE GREGORY DEBRA ALEXANDER RACHEL PATRICK CATHERINE ' +
  'FRANK CAROLYN RAYMOND JANET JACK RUTH DENNIS MARIA JEAN SYLVIE PIERRE NATHALIE LUC ISABELLE MARC CHANTAL ' +
  'FRANCOIS JOSEE ALAIN GENEVIEVE ANDRE MELANIE SIMON JULIE MATHIEU CAROLINE LOUIS VALERIE ETIENNE AUDREY GABRIEL ' +
  'CAMILLE OLIVIER CHLOE MAXIME LEA XAVIER ELODIE JOSE GUADALUPE LUIS ROSA CARLOS VERONICA JORGE ALEJANDRA MIGUEL ' +
  'FERNANDA ALEJANDRO DANIELA FERNANDO GABRIELA RICARDO ADRIANA EDUARDO MARIANA JAVIER XIMENA SERGIO LETICIA ' +
  'ROBERTO SOFIA ARTURO VALERIA ENRIQUE CLAUDIA MANUEL BEATRIZ RAUL LORENA HECTOR PAOLA OSCAR ANDREA RAFAEL MONICA ' +
  'ARMANDO YOLANDA ALFREDO SILVIA IGNACIO KARLA EMILIO'
).split(' ');
const SURNAMES = (
  'SMITH JOHNSON WILLIAMS BROWN JONES MILLER DAVIS WILSON ANDERSON TAYLOR THOMAS MOORE JACKSON MARTIN THOMPSON ' +
  'WHITE HARRIS CLARK LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT HILL GREEN ADAMS BAKER NELSON CARTER ' +
  'MITCHELL ROBERTS TURNER PHILLIPS CAMPBELL PARKER EVANS EDWARDS COLLINS STEWART MORRIS MURPHY COOK ROGERS MORGAN ' +
  'COOPER PETERSON REED BAILEY BELL KELLY HOWARD WARD COX RICHARDSON WOOD WATSON BROOKS BENNETT GRAY JAMES HUGHES ' +
  'PRICE SANDERS MYERS LONG ROSS FOSTER POWELL JENKINS PERRY RUSSELL SULLIVAN FISHER HENDERSON COLEMAN SIMMONS ' +
  'PATTERSON JORDAN REYNOLDS HAMILTON GRAHAM WALLACE WEST COLE HAYES BRYANT GIBSON ELLIS STEVENS MURRAY FORD ' +
  'MARSHALL OWENS MCDONALD HARRISON KENNEDY WELLS TREMBLAY GAGNON ROY COTE BOUCHARD GAUTHIER MORIN LAVOIE FORTIN ' +
  'GAGNE OUELLET PELLETIER BELANGER LEVESQUE BERGERON LEBLANC PAQUETTE GIRARD SIMARD BOUCHER CARON BEAULIEU ' +
  'CLOUTIER DUBE POIRIER FOURNIER LAPOINTE LECLERC LEFEBVRE POULIN THIBAULT ST PIERRE NADEAU MARTEL GIRARD ' +
  'DESJARDINS HEBERT LACHANCE CHAMPAGNE GRENIER DUFOUR MERCIER BERNIER CHARBONNEAU PROULX RACINE VACHON LAMBERT ' +
  'MACDONALD MACLEOD FRASER CAMPBELL CHEN WONG LEE NGUYEN PATEL SINGH GILL SANDHU DHILLON KIM PARK TRAN OLSEN ' +
  'LARSEN HANSEN NIELSEN BECKER SCHMIDT WEBER KOWALSKI NOWAK NOVAK HORVATH ROSSI RUSSO FERRARI ESPOSITO ROMANO ' +
  'COLOMBO'
).split(' ');
// Hispanic surnames are given as two (paternal and maternal) in Mexican passports.
const SURNAMES_MX = (
  'HERNANDEZ GARCIA MARTINEZ LOPEZ GONZALEZ RODRIGUEZ PEREZ SANCHEZ RAMIREZ CRUZ FLORES GOMEZ MORALES VAZQUEZ REYES ' +
  'JIMENEZ TORRES DIAZ GUTIERREZ RUIZ MENDOZA AGUILAR ORTIZ MORENO CASTILLO ROMERO ALVAREZ MENDEZ CHAVEZ RIVERA ' +
  'JUAREZ RAMOS DOMINGUEZ HERRERA MEDINA CASTRO VARGAS GUZMAN VELAZQUEZ MUNOZ ROJAS CONTRERAS SALAZAR LUNA ORTEGA ' +
  'GUERRERO ESTRADA BAUTISTA CORTES SOTO ALVARADO ESPINOZA LARA AVILA RIOS CERVANTES SILVA DELGADO VEGA MARQUEZ ' +
  'SANDOVAL FERNANDEZ LEON CARRILLO MEJIA SOLIS NAVARRO ROBLES CAMPOS IBARRA VALDEZ ACOSTA'
).split(' ');

// Syllables for the surnames of synthetic lookouts (kept apart from the travellers' surnames, as most travellers are
// not on any list).
const SYL_A = (
  'VAR BEL KOR ZAN DRE MOL TAV QUIR SEV OBR ULM YAN KEZ DUV PRAX TOL FEN GRIM HAL JOR LUD MIRZ NAV OST PEL ' +
  'RUV SAB TRE VOK WEL'
).split(' ');
const SYL_B = 'DOK ARRO ISK ENKO ULAR AVIN OREK IMOV ASTE UNDA ELLO IRAS OVAN ETTI ASZ YNOV ORIN ESCU ADZE ILLA'.split(
  ' ',
);

export type Region = 'north' | 'south';
export interface MemberSpec {
  i: number;
  region: Region;
  programme: 'NEXUS' | 'SENTRI';
  given: string;
  surname: string;
  birthDate: string;
  sex: 'M' | 'F';
  passportCountry: 'CA' | 'US' | 'MX';
  passportNumber: string;
  passportExpiry: string;
  cardNumber: string;
  membershipNumber: string;
}
const ALPHA3: Record<string, string> = { CA: 'CAN', US: 'USA', MX: 'MEX' };
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const TODAY = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

/** Member i: 60 % NEXUS members in the north, 40 % SENTRI members in the south. Deterministic. */
export function member(i: number): MemberSpec {
  if (i >= 2_000_000) throw new RangeError('at most 2,000,000 members (card numbers have 6 digits per prefix)');
  const region: Region = h32(i, 1) % 10 < 6 ? 'north' : 'south';
  const c = h32(i, 2) % 2;
  const passportCountry = region === 'north' ? (c ? 'CA' : 'US') : c ? 'MX' : 'US';
  const given = GIVEN[h32(i, 3) % GIVEN.length];
  const surname =
    passportCountry === 'MX'
      ? `${SURNAMES_MX[h32(i, 4) % SURNAMES_MX.length]} ${SURNAMES_MX[h32(i, 5) % SURNAMES_MX.length]}`
      : SURNAMES[h32(i, 4) % SURNAMES.length];
  const birthDate = isoDay(Date.UTC(1945, 0, 1) + (h32(i, 6) % (60 * 365)) * 86400000);
  const prefix = i < 1_000_000 ? (region === 'north' ? 'NX' : 'SE') : region === 'north' ? 'GE' : 'VC';
  const body = prefix + pad(i % 1_000_000, 6);
  const payload = String(10_000_000 + i);
  return {
    i,
    region,
    programme: region === 'north' ? 'NEXUS' : 'SENTRI',
    given,
    surname,
    birthDate,
    sex: h32(i, 7) % 2 ? 'F' : 'M',
    passportCountry,
    passportNumber: 'M' + pad(i, 8),
    passportExpiry: isoDay(TODAY + (200 + (h32(i, 8) % 3000)) * 86400000),
    cardNumber: body + checkDigit(body),
    membershipNumber: payload + luhnCheckDigit(payload),
  };
}
export const memberMrz = (m: MemberSpec) =>
  buildTd3({
    issuingCountry: ALPHA3[m.passportCountry],
    surname: m.surname,
    givenNames: m.given,
    documentNumber: m.passportNumber,
    nationality: ALPHA3[m.passportCountry],
    birthDate: m.birthDate,
    sex: m.sex,
    expiryDate: m.passportExpiry,
  });

// ---------------------------------------------------------------------------------------------------------------
// Bulk load of members: one multi-row `insert … select from unnest(…)` per table and batch, in one transaction per
// batch.

/**
 * Inserts members [0, n) into tt_applications, tt_memberships and tt_cards (which must hold no other members: the
 * load starts from 0). Blind indexes (passport, card) and the
 * card and membership ciphertexts are computed per row with the platform's cipher; the application draft
 * (tt_applications.personal_enc, not read by the lanes) is one encrypted template per batch.
 */
export async function loadMembers(
  ctx: Ctx,
  n: number,
  opts: { batch?: number; inFlight?: number; onProgress?: (done: number) => void } = {},
) {
  const batch = opts.batch ?? 10_000;
  // PostgreSQL works in its own processes: keep a few batches in flight while the next one is prepared here.
  const depth = opts.inFlight ?? (ctx.database.engine === 'postgresql' ? 2 : 1);
  const now = new Date();
  // The three indexes on keyed hashes get random inserts that slow a large load down as they outgrow the cache: they
  // are dropped for the load and built again afterwards, with the migration's definitions.
  await ctx.database.exec(
    'drop index tt_applications_doc; drop index tt_memberships_doc; alter table tt_cards drop constraint ' +
      'tt_cards_card_bidx_key',
  );
  const pending: Promise<void>[] = [];
  let done = 0;
  for (let start = 0; start < n; start += batch) {
    const b = memberBatch(ctx, start, Math.min(n, start + batch), now);
    pending.push(
      insertMembers(ctx, b, now).then(() => {
        done += b.count;
        opts.onProgress?.(done);
      }),
    );
    if (pending.length >= depth) await pending.shift();
  }
  await Promise.all(pending);
  await ctx.database.exec(
    'create index tt_applications_doc on tt_applications(doc_bidx); create index tt_memberships_doc on ' +
      'tt_memberships(doc_bidx); alter table tt_cards add constraint tt_cards_card_bidx_key unique (card_bidx)',
  );
}

/**
 * Version-4-shaped UUIDs whose first 48 bits count up (kind, member index), so that primary-key and user_id indexes
 * grow at their right edge during the load instead of taking random inserts; the rest is random.
 */
function orderedUuid(kind: number, i: number): string {
  const h = kind.toString(16) + i.toString(16).padStart(11, '0');
  const r = crypto.randomBytes(10).toString('hex');
  const variant = '89ab'[parseInt(r[3], 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

function memberBatch(ctx: Ctx, start: number, end: number, now: Date) {
  const len = end - start;
  const col = () => new Array<string>(len);
  const b = {
    count: len,
    app: col(),
    usr: col(),
    ref: col(),
    prog: col(),
    appName: col(),
    holderName: col(),
    doc: col(),
    mem: col(),
    num: col(),
    personal: col(),
    country: col(),
    agency: col(),
    issued: col(),
    expires: col(),
    card: col(),
    cardBidx: col(),
    cardEnc: col(),
    last4: col(),
    draft: ctx.cipher.encryptJson({ note: 'bulk-loaded benchmark member' }, 'tt_applications.personal_enc'),
  };
  for (let k = 0; k < len; k++) {
    const m = member(start + k);
    b.app[k] = orderedUuid(1, m.i);
    b.usr[k] = orderedUuid(2, m.i);
    b.mem[k] = orderedUuid(3, m.i);
    b.card[k] = orderedUuid(4, m.i);
    b.ref[k] = 'TB-' + pad(m.i, 8);
    b.prog[k] = m.programme;
    b.appName[k] = ctx.cipher.encrypt(`${m.given} ${m.surname}`, 'tt_applications.applicant_name_enc');
    b.holderName[k] = ctx.cipher.encrypt(`${m.given} ${m.surname}`, 'tt_memberships.holder_name_enc');
    b.doc[k] = ctx.cipher.blindIndex('passport', m.passportCountry + m.passportNumber);
    b.num[k] = m.membershipNumber;
    b.personal[k] = ctx.cipher.encryptJson(
      {
        birthDate: m.birthDate,
        citizenships: [m.passportCountry],
        passport: { number: m.passportNumber, country: m.passportCountry, expiry: m.passportExpiry },
        sex: m.sex,
        photoRef: `PHOTO-${m.i}`,
      },
      'tt_memberships.personal_enc',
    );
    b.country[k] = m.region === 'north' ? 'CA' : 'US';
    b.agency[k] = m.region === 'north' ? 'CBSA' : 'CBP';
    const iss = new Date(now.getTime() - (h32(m.i, 9) % (4 * 365)) * 86400000);
    b.issued[k] = iss.toISOString();
    iss.setUTCFullYear(iss.getUTCFullYear() + 5);
    b.expires[k] = iss.toISOString();
    b.cardBidx[k] = ctx.cipher.blindIndex('card', m.cardNumber);
    b.cardEnc[k] = ctx.cipher.encrypt(m.cardNumber, 'tt_cards.card_enc');
    b.last4[k] = m.cardNumber.slice(-4);
  }
  return b;
}

async function insertMembers(ctx: Ctx, b: ReturnType<typeof memberBatch>, now: Date) {
  await ctx.db.transaction().execute(async (trx) => {
    await sql`insert into tt_applications (id, user_id, reference, programmes, applicant_name_enc, personal_enc,
        doc_bidx, created_at, updated_at, submitted_at, country, agency)
      select a, u, r, array[p], n, ${b.draft}, d, ${now}, ${now}, ${now}, c, ag
      from unnest(${b.app}::uuid[], ${b.usr}::uuid[], ${b.ref}::text[], ${b.prog}::text[], ${b.appName}::text[],
        ${b.doc}::text[], ${b.country}::text[], ${b.agency}::text[]) as t(a, u, r, p, n, d, c, ag)`.execute(trx);
    await sql`insert into tt_memberships (id, user_id, application_id, membership_number, programmes, holder_name,
        holder_name_enc, personal_enc, doc_bidx, country, agency, issued_at, expires_at, status)
      select m, u, a, num, array[p], '', n, pe, d, c, ag, iss::timestamptz, exp::timestamptz, 'active'
      from unnest(${b.mem}::uuid[], ${b.usr}::uuid[], ${b.app}::uuid[], ${b.num}::text[], ${b.prog}::text[],
        ${b.holderName}::text[], ${b.personal}::text[], ${b.doc}::text[], ${b.country}::text[], ${b.agency}::text[],
        ${b.issued}::text[], ${b.expires}::text[])
        as t(m, u, a, num, p, n, pe, d, c, ag, iss, exp)`.execute(trx);
    await sql`insert into tt_cards (id, membership_id, card_bidx, card_enc, last4, status, issued_at, country, agency)
      select id, m, cb, ce, l4, 'active', iss::timestamptz, c, ag
      from unnest(${b.card}::uuid[], ${b.mem}::uuid[], ${b.cardBidx}::text[], ${b.cardEnc}::text[], ${b.last4}::text[],
        ${b.issued}::text[], ${b.country}::text[], ${b.agency}::text[]) as t(id, m, cb, ce, l4, iss, c, ag)`.execute(
      trx,
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Lookouts

export interface LookoutPerson {
  id: string;
  given: string;
  surname: string;
  birthDate?: string;
  nationality?: string;
  visibleToCbp: boolean;
}
interface LookoutRow {
  id: string;
  kind: 'lookout' | 'reference';
  subjectType: string;
  category: string;
  reason: string;
  action: string;
  originAgency: string;
  originCountry: string;
  sharingAgencies: string[];
  sharingCountries: string[];
  identifiers: object;
  importId: string | null;
  sourceRef: string | null;
}

const CATEGORIES = ['terrorism', 'serious_crime', 'immigration', 'customs_smuggling', 'health_agriculture'] as const;
const ORIGINS = [
  { agency: 'CBP', country: 'US' },
  { agency: 'CBSA', country: 'CA' },
  { agency: 'INM', country: 'MX' },
] as const;

/** One file of the OFAC snapshot; a missing file fails the run with its path (OFAC lookouts are part of the load). */
function readOfac(name: string): string {
  const file = path.join(OFAC_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`benchmark data file missing: data/lists/ofac-sdn-2021/${name} (${file})`);
  return fs.readFileSync(file, 'latin1');
}

/** OFAC SDN entries (reference lookouts) plus synthetic agency lookouts up to `n` in all; all active. */
export function lookoutRows(
  n: number,
  seed = 7,
): { rows: LookoutRow[]; persons: LookoutPerson[]; entries: ListEntry[]; ofac: number } {
  const rng = new Rng(seed);
  const rows: LookoutRow[] = [],
    persons: LookoutPerson[] = [],
    entries: ListEntry[] = [];
  const importId = crypto.randomUUID();
  let ofac = 0;
  const parsed = parseOfac({ sdn: readOfac('sdn.csv'), alt: readOfac('alt.csv'), add: readOfac('add.csv') });
  for (const e of parsed.entries.slice(0, n)) {
    const id = crypto.randomUUID();
    const identifiers = {
      names: e.names,
      originalScriptNames: [],
      birthDates: (e.birthDates ?? []).filter((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)),
      nationalities: (e.nationalities ?? []).filter((x) => /^[A-Za-z]{2}$/.test(x)).map((x) => x.toUpperCase()),
      documents: e.documents ?? [],
      plates: [],
      containers: [],
    };
    rows.push({
      id,
      kind: 'reference',
      subjectType: e.type ?? 'person',
      category: 'sanctions',
      reason: e.programs?.join(', ') || 'OFAC SDN',
      action: 'refer_secondary',
      originAgency: 'OFAC SDN',
      originCountry: 'UN',
      sharingAgencies: [],
      sharingCountries: [],
      identifiers,
      importId,
      sourceRef: e.sourceRef ?? e.id,
    });
    entries.push({
      id,
      type: e.type,
      names: e.names,
      birthDates: identifiers.birthDates,
      nationalities: identifiers.nationalities,
      documents: identifiers.documents,
    });
    // Persons with a "SURNAME, Given" name in Latin letters can travel on a passport in the hit sample.
    const nm = e.names[0] ?? '';
    if (e.type === 'person' && /^[A-Za-z' -]+, [A-Za-z' -]+$/.test(nm)) {
      const [surname, given] = nm.split(', ');
      persons.push({
        id,
        given: given.toUpperCase(),
        surname: surname.toUpperCase(),
        birthDate: identifiers.birthDates.find((d) => d.length === 10),
        visibleToCbp: true,
      });
    }
    ofac++;
  }
  for (let k = rows.length; k < n; k++) {
    const id = crypto.randomUUID();
    const origin = ORIGINS[rng.int(3)];
    // CBP's own lookouts; CBSA and INM share most of theirs with the US.
    const shareUs = origin.agency === 'CBP' || rng.next() < 0.7;
    const sharingAgencies = shareUs && origin.agency !== 'CBP' ? (rng.next() < 0.5 ? ['CBP'] : []) : [];
    const sharingCountries = shareUs && origin.agency !== 'CBP' && !sharingAgencies.length ? ['US'] : [];
    const category = rng.pick(CATEGORIES);
    if (rng.next() < 0.02) {
      const plate = 'LK' + pad(k, 5);
      rows.push({
        id,
        kind: 'lookout',
        subjectType: 'vehicle',
        category,
        reason: 'Vehicle of interest (benchmark)',
        action: 'refer_secondary',
        originAgency: origin.agency,
        originCountry: origin.country,
        sharingAgencies,
        sharingCountries,
        identifiers: {
          names: [],
          originalScriptNames: [],
          birthDates: [],
          nationalities: [],
          documents: [],
          plates: [{ number: plate, jurisdiction: 'TX' }],
          containers: [],
        },
        importId: null,
        sourceRef: null,
      });
      entries.push({ id, type: 'vehicle', names: [], plates: [{ number: plate, jurisdiction: 'TX' }] });
      continue;
    }
    const given = rng.pick(GIVEN),
      surname = rng.pick(SYL_A) + rng.pick(SYL_B);
    const names = [`${given} ${surname}`];
    if (rng.next() < 0.3) names.push(`${rng.pick(GIVEN)} ${surname}`);
    const birthDate = rng.next() < 0.7 ? isoDay(Date.UTC(1950, 0, 1) + rng.int(55 * 365) * 86400000) : undefined;
    const nationality =
      rng.next() < 0.6 ? rng.pick(['CA', 'US', 'MX', 'CO', 'GT', 'HN', 'SV', 'VE', 'CN', 'RU']) : undefined;
    const documents = rng.next() < 0.3 ? [{ type: 'passport', number: 'L' + pad(k, 8), country: nationality }] : [];
    const identifiers = {
      names,
      originalScriptNames: [],
      birthDates: birthDate ? [birthDate] : [],
      nationalities: nationality ? [nationality] : [],
      documents,
      plates: [],
      containers: [],
    };
    rows.push({
      id,
      kind: 'lookout',
      subjectType: 'person',
      category,
      reason: 'Synthetic lookout (benchmark)',
      action: rng.next() < 0.9 ? 'refer_secondary' : 'notify_originator',
      originAgency: origin.agency,
      originCountry: origin.country,
      sharingAgencies,
      sharingCountries,
      identifiers,
      importId: null,
      sourceRef: null,
    });
    entries.push({
      id,
      type: 'person',
      names,
      birthDates: identifiers.birthDates,
      nationalities: identifiers.nationalities,
      documents,
    });
    persons.push({ id, given, surname, birthDate, nationality, visibleToCbp: shareUs });
  }
  return { rows, persons, entries, ofac };
}

/** Writes lookout rows with their 'created' then 'activated' events (one import row for the OFAC part). */
export async function loadLookouts(ctx: Ctx, rows: LookoutRow[], opts: { batch?: number } = {}) {
  const batch = opts.batch ?? 5_000;
  const importId = rows.find((r) => r.importId)?.importId;
  if (importId)
    await sql`insert into lk_imports (id, source, files, entries, note)
      values (${importId}, 'OFAC SDN', '{}'::jsonb, ${rows.filter((r) => r.importId).length},
        'benchmark load')`.execute(ctx.db);
  for (let s = 0; s < rows.length; s += batch) {
    const b = rows.slice(s, s + batch);
    const col = <T>(f: (r: LookoutRow) => T) => b.map(f);
    await ctx.db.transaction().execute(async (trx) => {
      // An agency's lookout is owned by the agency that posted it (migration lookouts/003); public lists by none.
      await sql`insert into lk_lookouts (id, kind, subject_type, category, reason, recommended_action, origin_agency,
          origin_country, sharing_agencies, sharing_countries, legal_reference, identifiers_enc, import_id, source_ref,
          agency, country)
        select id, k, st, c, r, a, oa, oc, string_to_array(sa, ','), string_to_array(sc, ','), 'benchmark', e, imp, sr,
          case when k = 'lookout' then oa end, case when k = 'lookout' then oc end
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.kind)}::text[], ${col((r) => r.subjectType)}::text[],
          ${col((r) => r.category)}::text[], ${col((r) => r.reason)}::text[], ${col((r) => r.action)}::text[],
          ${col((r) => r.originAgency)}::text[], ${col((r) => r.originCountry)}::text[],
          ${col((r) => r.sharingAgencies.join(','))}::text[], ${col((r) => r.sharingCountries.join(','))}::text[],
          ${col((r) => ctx.cipher.encryptJson(r.identifiers, 'lk_lookouts.identifiers_enc'))}::text[],
          ${col((r) => r.importId)}::uuid[], ${col((r) => r.sourceRef)}::text[])
          as t(id, k, st, c, r, a, oa, oc, sa, sc, e, imp, sr)`.execute(trx);
    });
  }
  // All 'created' events before all 'activated' ones: a lookout's state is its latest lifecycle event.
  for (const kind of ['created', 'activated']) {
    for (let s = 0; s < rows.length; s += 10_000) {
      const ids = rows.slice(s, s + 10_000).map((r) => r.id);
      await sql`insert into lk_events (lookout_id, kind)
        select id, ${kind} from unnest(${ids}::uuid[]) as t(id)`.execute(ctx.db);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Request pool

/** US-bound lanes a CBP officer decides: NEXUS lanes at northern ports, SENTRI lanes at southern ones. */
export const PORTS = {
  north: ['3801', '0901', '3802', '3004', '0712', '3310'],
  south: [
    '2504',
    '2402',
    '2506',
    '2304',
    '2503',
    '2301',
    '2305',
    '2608',
    '2604',
    '2401',
    '2303',
    '2507',
    '2601',
    '2309',
  ],
} as const;
export type Kind = 'trusted' | 'general' | 'lookout' | 'garbled';
export interface PoolRequest {
  kind: Kind;
  body: string;
}
export interface PoolStats {
  size: number;
  byKind: Record<Kind, number>;
  occupants: number;
  plates: number;
  accidentalHitsReplaced: number;
}

const STATES = {
  north: ['MI', 'NY', 'WA', 'VT', 'ME', 'ON', 'QC', 'BC'],
  south: ['CA', 'TX', 'AZ', 'NM', 'BC', 'SON', 'CHIH', 'NL'],
};
function garble(rng: Rng, mrz: string): string {
  switch (rng.int(3)) {
    case 0:
      return 'P<' + Array.from({ length: 40 }, () => '%#@!?'[rng.int(5)]).join('') + ' not an mrz';
    case 1:
      return mrz.slice(0, 20 + rng.int(30)); // torn read
    default:
      return mrz.replace(/[A-Z0-9<]/g, (c) => (rng.next() < 0.6 ? '?' : c)); // smudged
  }
}

/**
 * `size` request bodies: ~58 % trusted lanes (members; RFID card or passport MRZ; 1-3 occupants), ~37 % general lanes
 * (mostly non-members), ~1 % a listed person in a general lane, ~2 % an unreadable document. 90 % carry a plate.
 * Names that would hit a lookout by accident (checked with the same screening engine) are drawn again, so the hit share
 * stays about 1 %; how many were drawn again is reported.
 */
export function requestPool(
  size: number,
  members: number,
  persons: LookoutPerson[],
  entries: ListEntry[],
  seed = 42,
): { pool: PoolRequest[]; stats: PoolStats } {
  const rng = new Rng(seed);
  const index = new ScreeningIndex(entries);
  let replaced = 0;
  const clean = (name: string, birthDate: string, nationality: string) =>
    index.screen({ name, type: 'person', birthDate, nationality }, { threshold: DEFAULT_THRESHOLD, top: 1 }).length ===
    0;
  const pickMember = (region?: Region): MemberSpec => {
    for (;;) {
      const m = member(rng.int(members));
      if (region && m.region !== region) continue;
      if (clean(`${m.given} ${m.surname}`, m.birthDate, m.passportCountry)) return m;
      replaced++;
    }
  };
  let stranger = 0;
  const nonMember = (): string => {
    for (;;) {
      const country = rng.pick(['CA', 'US', 'MX', 'US', 'CA', 'MX', 'GB', 'FR', 'DE', 'IN']);
      const given = rng.pick(GIVEN),
        surname = country === 'MX' ? `${rng.pick(SURNAMES_MX)} ${rng.pick(SURNAMES_MX)}` : rng.pick(SURNAMES);
      const birthDate = isoDay(Date.UTC(1945, 0, 1) + rng.int(70 * 365) * 86400000);
      if (!clean(`${given} ${surname}`, birthDate, country)) {
        replaced++;
        continue;
      }
      return buildTd3({
        issuingCountry: country,
        surname,
        givenNames: given,
        documentNumber: 'X' + pad(++stranger, 8),
        nationality: country,
        birthDate,
        sex: rng.next() < 0.5 ? 'F' : 'M',
        expiryDate: isoDay(TODAY + (100 + rng.int(3000)) * 86400000),
      });
    }
  };
  const listed = persons.filter((p) => p.visibleToCbp);
  const pool: PoolRequest[] = [];
  const byKind: Record<Kind, number> = { trusted: 0, general: 0, lookout: 0, garbled: 0 };
  let occupantsTotal = 0,
    plates = 0;
  for (let k = 0; k < size; k++) {
    const r = rng.next();
    const kind: Kind = r < 0.01 ? 'lookout' : r < 0.03 ? 'garbled' : r < 0.61 ? 'trusted' : 'general';
    const region: Region = rng.next() < 0.6 ? 'north' : 'south';
    const nOcc = rng.next() < 0.65 ? 1 : rng.next() < 0.7 ? 2 : 3;
    const trustedLane = kind === 'trusted' || (kind === 'garbled' && rng.next() < 0.5);
    const port = `US-${rng.pick(PORTS[region])}`;
    const occupants: { mrz?: string; cardNumber?: string }[] = [];
    for (let o = 0; o < nOcc; o++) {
      if (trustedLane || rng.next() < 0.2) {
        const m = pickMember(trustedLane ? region : undefined);
        occupants.push(rng.next() < 0.6 ? { cardNumber: m.cardNumber } : { mrz: memberMrz(m) });
      } else occupants.push({ mrz: nonMember() });
    }
    if (kind === 'lookout') {
      const p = rng.pick(listed);
      const c = p.nationality && /^(CA|US|MX|CO|GT|HN|SV|VE|CN|RU)$/.test(p.nationality) ? p.nationality : 'US';
      occupants[0] = {
        mrz: buildTd3({
          issuingCountry: c,
          surname: p.surname,
          givenNames: p.given,
          documentNumber: 'Y' + pad(k, 8),
          nationality: c,
          birthDate: p.birthDate ?? '1975-06-15',
          sex: 'M',
          expiryDate: isoDay(TODAY + 900 * 86400000),
        }),
      };
    }
    if (kind === 'garbled') {
      const o = rng.int(nOcc);
      const cur = occupants[o];
      occupants[o] = { mrz: garble(rng, cur.mrz ?? memberMrz(pickMember(region))) };
    }
    const body: Record<string, unknown> = {
      portId: port,
      laneId: `${port}-${trustedLane ? 'trusted' : 'general'}`,
      occupants,
    };
    if (rng.next() < 0.9) {
      body.plate = {
        number: String.fromCharCode(65 + rng.int(26), 65 + rng.int(26), 65 + rng.int(26)) + pad(rng.int(10000), 4),
        jurisdiction: rng.pick(STATES[region]),
      };
      plates++;
    }
    if (rng.next() < 0.5) body.queueJoinedAt = new Date(Date.now() - (60 + rng.int(3600)) * 1000).toISOString();
    byKind[kind]++;
    occupantsTotal += nOcc;
    pool.push({ kind, body: JSON.stringify(body) });
  }
  return { pool, stats: { size, byKind, occupants: occupantsTotal, plates, accidentalHitsReplaced: replaced } };
}
