// Rebuilds the reference data the product ships in data/ from its public sources. The output files are committed, so
// a fresh clone never runs this; run it only to refresh them. Each output needs its source named on the command line
// (no built-in path outside the project); with neither argument it prints this usage and fails.
//
//   node scripts/build-reference-data.ts --ports FILE      data/ports.json from the BTS Border Crossing Entry CSV;
//                                                          the project's copy is
//                                                          data/flow/bts-border-crossing-entry-2020-onward.csv
//   node scripts/build-reference-data.ts --countries DIR   data/countries.json from an unpacked `i18n-iso-countries`
//                                                          npm package (npm pack i18n-iso-countries && tar xzf ...;
//                                                          DIR = package/)
// Both may be given in one run.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, 'data');
const USAGE = [
  'usage: node scripts/build-reference-data.ts [--ports FILE] [--countries DIR]',
  '  --ports FILE     BTS Border Crossing Entry CSV (e.g. data/flow/bts-border-crossing-entry-2020-onward.csv)',
  '  --countries DIR  an unpacked i18n-iso-countries npm package (its package/ folder)',
].join('\n');

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const US_STATES: Record<string, string> = {
  Alaska: 'AK',
  Arizona: 'AZ',
  California: 'CA',
  Idaho: 'ID',
  Maine: 'ME',
  Michigan: 'MI',
  Minnesota: 'MN',
  Montana: 'MT',
  'New Mexico': 'NM',
  'New York': 'NY',
  'North Dakota': 'ND',
  Texas: 'TX',
  Vermont: 'VT',
  Washington: 'WA',
};

export interface Port {
  code: string;
  name: string;
  state: string;
  stateCode: string;
  border: 'US-Canada' | 'US-Mexico';
  latitude: number;
  longitude: number;
}

export function buildPorts(csvText: string): Port[] {
  const [header, ...rows] = parseCsv(csvText);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`column ${name} missing from the BTS CSV`);
    return i;
  };
  const iName = col('Port Name'),
    iState = col('State'),
    iCode = col('Port Code'),
    iBorder = col('Border');
  const iLat = col('Latitude'),
    iLon = col('Longitude'),
    iPoint = header.indexOf('Point'),
    iDate = col('Date');
  // Per port, keep the attributes of its most recent row (names and coordinates are stable, but be explicit).
  const latest = new Map<string, { date: string; row: string[] }>();
  for (const r of rows) {
    const code = r[iCode].trim().padStart(4, '0');
    const prev = latest.get(code);
    if (!prev || r[iDate] > prev.date) latest.set(code, { date: r[iDate], row: r });
  }
  const ports: Port[] = [];
  for (const [code, { row }] of latest) {
    let lat = Number(row[iLat]),
      lon = Number(row[iLon]);
    const pt = iPoint >= 0 ? /POINT \((-?[\d.]+) (-?[\d.]+)\)/.exec(row[iPoint]) : null;
    if (pt) {
      lon = Number(pt[1]);
      lat = Number(pt[2]);
    } // the WKT point carries more decimals
    const border = row[iBorder].trim();
    if (border !== 'US-Canada Border' && border !== 'US-Mexico Border')
      throw new Error(`unexpected border ${border} for port ${code}`);
    const state = row[iState].trim();
    const stateCode = US_STATES[state];
    if (!stateCode) throw new Error(`unknown state ${state} for port ${code}`);
    ports.push({
      code,
      name: row[iName].trim(),
      state,
      stateCode,
      border: border === 'US-Canada Border' ? 'US-Canada' : 'US-Mexico',
      latitude: Math.round(lat * 1e6) / 1e6,
      longitude: Math.round(lon * 1e6) / 1e6,
    });
  }
  return ports.sort((a, b) => a.code.localeCompare(b.code));
}

export interface Country {
  alpha2: string;
  alpha3: string;
  numeric: string;
  name: string;
}

export function buildCountries(pkgDir: string): Country[] {
  const codes = JSON.parse(fs.readFileSync(path.join(pkgDir, 'codes.json'), 'utf8')) as [
    string,
    string,
    string,
    string?,
  ][];
  const en = JSON.parse(fs.readFileSync(path.join(pkgDir, 'langs', 'en.json'), 'utf8')) as {
    countries: Record<string, string | string[]>;
  };
  return codes
    .filter(([a2]) => a2 !== 'XK') // Kosovo's XK is a user-assigned code, not part of ISO 3166-1
    .map(([alpha2, alpha3, numeric]) => {
      const n = en.countries[alpha2];
      return { alpha2, alpha3, numeric, name: Array.isArray(n) ? n[0] : n };
    })
    .sort((a, b) => a.alpha2.localeCompare(b.alpha2));
}

/** One record per line: readable diffs, still valid JSON. */
export function jsonLines(items: unknown[]): string {
  return '[\n' + items.map((x) => '  ' + JSON.stringify(x)).join(',\n') + '\n]\n';
}

function main(argv: string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  const portsCsv = arg('--ports');
  const countriesDir = arg('--countries');
  if (!portsCsv && !countriesDir) {
    console.error(USAGE);
    return 2;
  }
  if (portsCsv) {
    if (!fs.existsSync(portsCsv)) throw new Error(`--ports: no such file ${portsCsv}`);
    const ports = buildPorts(fs.readFileSync(portsCsv, 'utf8'));
    fs.writeFileSync(path.join(dataDir, 'ports.json'), jsonLines(ports));
    console.log(`data/ports.json: ${ports.length} ports from ${path.relative(root, path.resolve(portsCsv))}`);
  }
  if (countriesDir) {
    if (!fs.existsSync(path.join(countriesDir, 'codes.json')))
      throw new Error(`--countries: ${countriesDir} is not an unpacked i18n-iso-countries package (no codes.json)`);
    const countries = buildCountries(countriesDir);
    fs.writeFileSync(path.join(dataDir, 'countries.json'), jsonLines(countries));
    console.log(`data/countries.json: ${countries.length} countries`);
  }
  return 0;
}

if (import.meta.filename === process.argv[1] || import.meta.url === `file://${process.argv[1]}`)
  process.exitCode = main(process.argv.slice(2));
