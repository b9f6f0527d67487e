// The reference data the product ships in data/: counts, uniqueness, ranges, cross-references, and that the names
// the UI takes from the runtime (Intl.DisplayNames) exist in English, French and Spanish.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { states as mrzStates } from 'mrz';
import { buildPorts, parseCsv } from '../scripts/build-reference-data.ts';
import { AGENCIES, isAgencyCode } from '../src/kernel/agencies.ts';
import { PROGRAMME_CODES, isProgrammeCode } from '../src/modules/travellers/domain/programmes.ts';

const root = path.resolve(import.meta.dirname, '..');
const load = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(root, 'data', f), 'utf8')) as T;

interface Country {
  alpha2: string;
  alpha3: string;
  numeric: string;
  name: string;
}
interface Port {
  code: string;
  name: string;
  state: string;
  stateCode: string;
  border: string;
  latitude: number;
  longitude: number;
}
interface Centre {
  id: string;
  name: string;
  city: string;
  region: string;
  country: string;
  kind: string;
  iata: string | null;
  agencies: string[];
  programmes: string[];
  timezone: string;
  enrolmentOnArrival: boolean;
  nearestPortCode: string | null;
  confidence?: string;
}
const countries = load<Country[]>('countries.json');
const ports = load<Port[]>('ports.json');
const centres = load<Centre[]>('enrolment-centres.json');

const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;

describe('data/countries.json (ISO 3166-1)', () => {
  it('lists the 249 officially assigned codes, each unique and well-formed', () => {
    assert.equal(countries.length, 249);
    assert.ok(unique(countries.map((c) => c.alpha2)));
    assert.ok(unique(countries.map((c) => c.alpha3)));
    assert.ok(unique(countries.map((c) => c.numeric)));
    for (const c of countries) {
      assert.match(c.alpha2, /^[A-Z]{2}$/);
      assert.match(c.alpha3, /^[A-Z]{3}$/);
      assert.match(c.numeric, /^\d{3}$/);
      assert.ok(c.name.length > 1);
    }
    assert.ok(!countries.some((c) => c.alpha2 === 'XK'), 'XK is user-assigned, not ISO 3166-1');
  });

  it('has the three North American countries right', () => {
    const by = (a2: string) => countries.find((c) => c.alpha2 === a2);
    assert.deepEqual(by('CA'), { alpha2: 'CA', alpha3: 'CAN', numeric: '124', name: 'Canada' });
    assert.deepEqual(
      { ...by('US'), name: undefined },
      { alpha2: 'US', alpha3: 'USA', numeric: '840', name: undefined },
    );
    assert.deepEqual(by('MX'), { alpha2: 'MX', alpha3: 'MEX', numeric: '484', name: 'Mexico' });
    assert.equal(by('FR')?.numeric, '250');
  });

  it('has a name for every country from Intl in English, French and Spanish', () => {
    for (const locale of ['en', 'fr', 'es']) {
      const dn = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
      for (const c of countries) {
        const name = dn.of(c.alpha2);
        assert.ok(name && name !== c.alpha2, `${locale}: no name for ${c.alpha2}`);
      }
    }
    assert.equal(new Intl.DisplayNames(['fr'], { type: 'region' }).of('MX'), 'Mexique');
    assert.equal(new Intl.DisplayNames(['es'], { type: 'region' }).of('US'), 'Estados Unidos');
  });

  it('agrees with the ICAO state codes the MRZ parser knows', () => {
    const missing = countries.filter((c) => !(c.alpha3 in mrzStates)).map((c) => c.alpha3);
    assert.deepEqual(missing, []);
  });
});

describe('data/ports.json (US land ports, BTS)', () => {
  it('has every port once, with a 4-digit CBP code', () => {
    assert.equal(ports.length, 110);
    assert.ok(unique(ports.map((p) => p.code)));
    for (const p of ports) {
      assert.match(p.code, /^\d{4}$/);
      assert.ok(p.name.length > 1);
      assert.match(p.stateCode, /^[A-Z]{2}$/);
    }
    assert.deepEqual(
      ports.map((p) => p.code),
      [...ports.map((p) => p.code)].sort(),
    );
  });

  it('puts every port on one of the two borders, at coordinates that fit it', () => {
    const north = ports.filter((p) => p.border === 'US-Canada');
    const south = ports.filter((p) => p.border === 'US-Mexico');
    assert.equal(north.length + south.length, ports.length);
    assert.deepEqual([north.length, south.length], [82, 28]);
    for (const p of ports) {
      assert.ok(p.latitude >= -90 && p.latitude <= 90 && p.longitude >= -180 && p.longitude <= 180, p.code);
      assert.ok(p.longitude < -60 && p.longitude > -170, `${p.code} longitude ${p.longitude}`);
    }
    for (const p of north)
      assert.ok(p.latitude > 41.5, `${p.code} ${p.name} at ${p.latitude} is too far south for the northern border`);
    for (const p of south)
      assert.ok(
        p.latitude > 25 && p.latitude < 33,
        `${p.code} ${p.name} at ${p.latitude} is not on the southern border`,
      );
    for (const p of south) assert.ok(['CA', 'AZ', 'NM', 'TX'].includes(p.stateCode), p.code);
  });

  it('has the ports the product relies on', () => {
    const by = (c: string) => ports.find((p) => p.code === c);
    assert.equal(by('2504')?.name, 'San Ysidro');
    assert.equal(by('2504')?.border, 'US-Mexico');
    assert.equal(by('3004')?.name, 'Blaine');
    assert.equal(by('3004')?.border, 'US-Canada');
    assert.equal(by('0901')?.stateCode, 'NY');
  });

  it('is what scripts/build-reference-data.ts makes from the committed BTS file', () => {
    const csv = path.join(root, 'data', 'flow', 'bts-border-crossing-entry-2020-onward.csv');
    assert.ok(fs.existsSync(csv), `missing data file ${path.relative(root, csv)}`);
    assert.deepEqual(buildPorts(fs.readFileSync(csv, 'utf8')), ports);
  });
});

describe('data/enrolment-centres.json', () => {
  it('has enough centres in each country', () => {
    const n = (c: string) => centres.filter((x) => x.country === c).length;
    assert.ok(n('CA') >= 8, `CA ${n('CA')}`);
    assert.ok(n('US') >= 10, `US ${n('US')}`);
    assert.ok(n('MX') >= 5, `MX ${n('MX')}`);
    assert.ok(unique(centres.map((c) => c.id)));
  });

  it('is consistent: agencies, programmes, time zones, airports, ports', () => {
    const portCodes = new Set(ports.map((p) => p.code));
    for (const c of centres) {
      assert.match(c.id, /^(ca|us|mx)-[a-z0-9-]+$/);
      assert.equal(c.id.slice(0, 2).toUpperCase(), c.country);
      assert.ok(c.agencies.length > 0 && c.agencies.every(isAgencyCode), c.id);
      assert.ok(
        c.agencies.some((a) => isAgencyCode(a) && AGENCIES[a].country === c.country),
        `${c.id}: no agency of its own country`,
      );
      assert.ok(c.programmes.length > 0 && c.programmes.every(isProgrammeCode), c.id);
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: c.timezone }), c.id);
      assert.match(c.timezone, /^America\//);
      assert.ok(['airport', 'land_border'].includes(c.kind), c.id);
      if (c.kind === 'airport') assert.match(c.iata ?? '', /^[A-Z]{3}$/, c.id);
      else assert.equal(c.iata, null, c.id);
      if (c.enrolmentOnArrival) assert.equal(c.kind, 'airport', `${c.id}: enrolment on arrival happens at airports`);
      if (c.nearestPortCode !== null)
        assert.ok(portCodes.has(c.nearestPortCode), `${c.id}: unknown port ${c.nearestPortCode}`);
      if (c.kind === 'land_border') assert.ok(c.nearestPortCode, `${c.id}: a land-border centre names its port`);
      // Programmes served must be run by an agency present.
      if (c.programmes.includes('VIAJERO_CONFIABLE')) assert.ok(c.agencies.includes('INM'), c.id);
      if (c.programmes.includes('NEXUS')) assert.ok(c.agencies.includes('CBSA') && c.agencies.includes('CBP'), c.id);
    }
    // Every programme can be enrolled somewhere.
    for (const p of PROGRAMME_CODES)
      assert.ok(
        centres.some((c) => c.programmes.includes(p)),
        p,
      );
    // Southern land-border centres sit at southern ports, northern ones at northern ports.
    for (const c of centres.filter((x) => x.country === 'US' && x.kind === 'land_border')) {
      const port = ports.find((p) => p.code === c.nearestPortCode)!;
      assert.equal(port.border, c.programmes.includes('SENTRI') ? 'US-Mexico' : 'US-Canada', c.id);
    }
  });
});

describe('data files read by the benchmarks and tests', () => {
  // A missing file fails here with its path: nothing that reads data/ may skip because a file is absent.
  const need = (f: string) => {
    const file = path.join(root, 'data', f);
    assert.ok(fs.existsSync(file), `missing data file data/${f}`);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.length > 0, `empty data file data/${f}`);
    return text;
  };

  it('has the sanctions lists (bench/screening, bench/lanes, test/lookouts)', () => {
    for (const f of ['sdn.csv', 'alt.csv', 'add.csv']) assert.match(need(`lists/ofac-sdn-2021/${f}`), /-0-/, f);
    assert.match(need('lists/un-consolidated-2026-02-27.xml'), /<CONSOLIDATED_LIST/);
  });

  it('has the screening query sets (bench/screening): 683 aligned positives, 50,000 negatives', () => {
    const head = 'full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality';
    const rows = (f: string) => {
      const r = parseCsv(need(`screening/${f}`));
      assert.equal(r[0].join(','), head, f);
      return r.slice(1);
    };
    const treated = rows('positives_un_treated.csv');
    const untreated = rows('positives_un_untreated.csv');
    assert.equal(treated.length, 683);
    assert.equal(untreated.length, treated.length, 'treated and untreated positives are aligned line by line');
    assert.equal(rows('negatives_global.csv').length, 50000);
  });

  it('has the flow files (ports, waits)', () => {
    for (const f of [
      'bts-border-crossing-entry-2020-onward.csv',
      'bts-border-crossing-entry-san-ysidro-1996-2021.csv',
      'cbp-bwt-historical-san-ysidro.csv',
      'peace-arch-southbound-cars-hourly-2013-2017.csv',
    ])
      need(`flow/${f}`);
  });
});

describe('data/README.md', () => {
  it('lists every data file with its source and licence', () => {
    const readme = fs.readFileSync(path.join(root, 'data', 'README.md'), 'utf8');
    for (const f of fs.readdirSync(path.join(root, 'data')).filter((f) => f !== 'README.md')) {
      const line = readme.split('\n').find((l) => l.includes('`' + f + '`'));
      assert.ok(line, `${f} is not listed in data/README.md`);
      assert.ok(line.split('|').length >= 5, `${f}: the README row should give what, source and licence`);
    }
  });
});
