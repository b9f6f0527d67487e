// Benchmark data: the L20k list (OFAC SDN 2021 + UN consolidated), its L1M padding with seeded synthetic names,
// and the query sets (yente UN positives, seeded OFAC perturbations, synthetic negatives), with their truth.
import fs from 'node:fs';
import path from 'node:path';
import { parseOfac, parseUnConsolidated, readCsv, type SourceEntry } from '../../src/modules/lookouts/sources/index.ts';
import {
  prepareName,
  parseDate,
  type ListEntry,
  type ScreenQuery,
  type SubjectType,
} from '../../src/modules/lookouts/engine/index.ts';
import { Rng } from './rng.ts';

/** The project's committed data (data/README.md gives each file's source and licence). */
export const DATA = path.resolve(import.meta.dirname, '../../data');
const LISTS = path.join(DATA, 'lists');
const SCREENING = path.join(DATA, 'screening');

/** A data file's text; a missing file fails the run with its path (no silent skip). */
function readData(file: string, encoding: BufferEncoding): string {
  if (!fs.existsSync(file)) throw new Error(`benchmark data file missing: data/${path.relative(DATA, file)} (${file})`);
  return fs.readFileSync(file, encoding);
}

export interface BenchQuery {
  qid: string;
  set: 'yente' | 'ofac-perturbed' | 'negative';
  kind?: string;
  query: ScreenQuery;
  /** entry ids that count as the right answer (the listed entry and its duplicates on the other list) */
  truth?: string[];
}

export function loadL20k(): { entries: SourceEntry[]; names: number } {
  const o = parseOfac({
    sdn: readData(path.join(LISTS, 'ofac-sdn-2021/sdn.csv'), 'latin1'),
    alt: readData(path.join(LISTS, 'ofac-sdn-2021/alt.csv'), 'latin1'),
    add: readData(path.join(LISTS, 'ofac-sdn-2021/add.csv'), 'latin1'),
  });
  const u = parseUnConsolidated(readData(path.join(LISTS, 'un-consolidated-2026-02-27.xml'), 'utf8'));
  if (o.errors.length || u.errors.length)
    throw new Error(`list parse errors: ${JSON.stringify([...o.errors, ...u.errors].slice(0, 3))}`);
  const entries = [...o.entries, ...u.entries];
  return { entries, names: entries.reduce((a, e) => a + e.names.length, 0) };
}

/** Order-independent key of a name: its sorted folded tokens. */
export function nameKey(name: string, type?: SubjectType): string {
  return prepareName(name, type).tokens.slice().sort().join(' ');
}

function readRows(file: string): Record<string, string>[] {
  const problems: { line: number; message: string }[] = [];
  const recs = [...readCsv(readData(file, 'utf8'), problems)];
  if (problems.length) throw new Error(`${file}: ${problems[0].message}`);
  const head = recs[0].fields;
  return recs.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r.fields[i] ?? ''])));
}

/** Entries sharing a name key, for the truth sets (the same person listed by OFAC and the UN). */
function keyIndex(entries: ListEntry[]): Map<string, ListEntry[]> {
  const m = new Map<string, ListEntry[]>();
  for (const e of entries) {
    for (const n of e.names) {
      const k = nameKey(n, e.type);
      if (!k) continue;
      const l = m.get(k);
      if (!l) m.set(k, [e]);
      else if (!l.includes(e)) l.push(e);
    }
  }
  return m;
}

function yearOf(s: string | undefined): number | null {
  return s ? (parseDate(s)?.y ?? null) : null;
}

function compatible(e: ListEntry, year: number | null): boolean {
  if (year === null || !e.birthDates?.length) return true;
  return e.birthDates.some((d) => yearOf(d) === year);
}

/** Duplicates of the truth entry: other entries with the same name key and a compatible birth year. */
function truthSet(truth: ListEntry, key: string, year: number | null, idx: Map<string, ListEntry[]>): string[] {
  const out = [truth.id];
  for (const e of idx.get(key) ?? []) if (e !== truth && compatible(e, year)) out.push(e.id);
  return out;
}

export function yenteQueries(entries: ListEntry[]): { queries: BenchQuery[]; unmatched: number } {
  const treated = readRows(path.join(SCREENING, 'positives_un_treated.csv'));
  const untreated = readRows(path.join(SCREENING, 'positives_un_untreated.csv'));
  const un = entries.filter((e) => e.id.startsWith('un-'));
  const unIdx = keyIndex(un);
  const allIdx = keyIndex(entries);
  const queries: BenchQuery[] = [];
  let unmatched = 0;
  for (let i = 0; i < treated.length; i++) {
    const u = untreated[i];
    const t = treated[i];
    const key = nameKey(u.full_name, 'person');
    const year = yearOf(u.date_of_birth);
    const cands = (unIdx.get(key) ?? []).filter((e) => e.type === 'person');
    let truth = cands.find((e) => compatible(e, year)) ?? cands[0];
    if (!truth) {
      unmatched++;
      continue;
    }
    const q: ScreenQuery = { name: t.full_name, type: 'person' };
    if (t.date_of_birth) q.birthDate = t.date_of_birth;
    if (t.nationality) q.nationality = t.nationality;
    queries.push({ qid: `yente-${i + 1}`, set: 'yente', query: q, truth: truthSet(truth, key, year, allIdx) });
  }
  return { queries, unmatched };
}

// ---- OFAC perturbations ----------------------------------------------------------------------------------

const ACCENTS: Record<string, string[]> = {
  a: ['á', 'à', 'ä', 'â'],
  e: ['é', 'è', 'ë'],
  i: ['í', 'ï'],
  o: ['ó', 'ö', 'ô'],
  u: ['ú', 'ü'],
  n: ['ñ'],
  c: ['ç'],
  s: ['ş'],
};
const CYR: [string, string][] = [
  ['shch', 'щ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['kh', 'х'],
  ['zh', 'ж'],
  ['ts', 'ц'],
  ['ya', 'я'],
  ['yu', 'ю'],
  ['yo', 'ё'],
  ['a', 'а'],
  ['b', 'б'],
  ['v', 'в'],
  ['g', 'г'],
  ['d', 'д'],
  ['e', 'е'],
  ['z', 'з'],
  ['i', 'и'],
  ['y', 'й'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['f', 'ф'],
  ['h', 'х'],
  ['c', 'к'],
  ['q', 'к'],
  ['w', 'в'],
  ['x', 'кс'],
  ['j', 'дж'],
];

export function toCyrillic(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; ) {
    let done = false;
    for (const [lat, cyr] of CYR) {
      if (lower.startsWith(lat, i)) {
        out += cyr;
        i += lat.length;
        done = true;
        break;
      }
    }
    if (!done) {
      out += lower[i];
      i++;
    }
  }
  return out.toUpperCase();
}

/** Reading-order tokens of a raw name ("LAST, First" turned around), keeping the original letters. */
function readingTokens(name: string, type?: SubjectType): string[] {
  let s = name;
  const parts = s.split(',');
  if ((type === 'person' || type === undefined) && parts.length === 2) s = parts[1] + ' ' + parts[0];
  return s.split(/[\s,]+/).filter(Boolean);
}

const MINOR = new Set([
  'al',
  'el',
  'bin',
  'ben',
  'ibn',
  'abu',
  'abd',
  'de',
  'del',
  'la',
  'van',
  'von',
  'haji',
  'hajji',
  'qari',
  'mullah',
  'maulavi',
  'mawlawi',
  'sheikh',
  'shaykh',
  'sayed',
  'sayyid',
  'syed',
  'dr',
  'mr',
  'jr',
  'sr',
  'hafiz',
  'mohammad',
  'mohammed',
  'muhammad',
]);

export const PERTURBATIONS = ['reordered', 'dropped-middle', 'typo', 'diacritics', 'transliterated'] as const;

function perturb(
  kind: (typeof PERTURBATIONS)[number],
  name: string,
  type: SubjectType | undefined,
  rng: Rng,
): string | null {
  const toks = readingTokens(name, type);
  switch (kind) {
    case 'reordered': {
      if (toks.length < 2) return null;
      for (let k = 0; k < 10; k++) {
        const s = rng.shuffle(toks.slice());
        if (s.join(' ') !== toks.join(' ')) return s.join(' ');
      }
      return null;
    }
    case 'dropped-middle': {
      // a middle name of a person: not the first or last of the name parts that are not titles or particles
      if (type !== 'person') return null;
      const core = toks
        .map((t, k) => k)
        .filter((k) => {
          const f = prepareName(toks[k], 'person').tokens.join(' ');
          return f && !MINOR.has(f);
        });
      if (core.length < 3) return null;
      const i = core[1 + rng.int(core.length - 2)];
      return toks.filter((_, k) => k !== i).join(' ');
    }
    case 'typo': {
      const cand = toks.map((t, i) => [t, i] as const).filter(([t]) => /^[A-Za-z]{4,}$/.test(t));
      if (!cand.length) return null;
      const [t, i] = cand[rng.int(cand.length)];
      const p = 1 + rng.int(t.length - 1);
      const letters = 'ABCDEFGHIJKLMNOPRSTUVWYZ';
      const L = t === t.toUpperCase() ? letters : letters.toLowerCase();
      let nt: string;
      switch (rng.int(4)) {
        case 0:
          nt = t.slice(0, p) + L[rng.int(L.length)] + t.slice(p + 1);
          break; // substitution
        case 1:
          nt = t.slice(0, p) + L[rng.int(L.length)] + t.slice(p);
          break; // insertion
        case 2:
          nt = t.slice(0, p) + t.slice(p + 1);
          break; // deletion
        default: // transposition
          nt =
            p < t.length - 1 ? t.slice(0, p) + t[p + 1] + t[p] + t.slice(p + 2) : t.slice(0, p - 1) + t[p] + t[p - 1];
      }
      if (nt === t) return null;
      const out = toks.slice();
      out[i] = nt;
      return out.join(' ');
    }
    case 'diacritics': {
      let changed = false;
      const s = toks
        .join(' ')
        .toLowerCase()
        .replace(/[aeiouncs]/g, (c) => {
          if (rng.next() < 0.35) {
            changed = true;
            const a = ACCENTS[c];
            return a[rng.int(a.length)];
          }
          return c;
        });
      return changed ? s.replace(/(^|\s)\S/g, (m) => m.toUpperCase()) : null;
    }
    case 'transliterated': {
      if (!/[A-Za-z]/.test(name)) return null;
      return toCyrillic(toks.join(' '));
    }
  }
}

export function ofacPerturbedQueries(entries: ListEntry[], perKind: number, seed = 20210101): BenchQuery[] {
  const rng = new Rng(seed);
  const ofac = entries.filter((e) => e.id.startsWith('ofac-'));
  const idx = keyIndex(entries);
  const pool: { e: ListEntry; name: string }[] = [];
  for (const e of ofac) for (const n of e.names) if (readingTokens(n, e.type).length >= 2) pool.push({ e, name: n });
  const out: BenchQuery[] = [];
  for (const kind of PERTURBATIONS) {
    let made = 0;
    let tries = 0;
    while (made < perKind && tries++ < perKind * 50) {
      const { e, name } = pool[rng.int(pool.length)];
      const q = perturb(kind, name, e.type, rng);
      if (!q) continue;
      const truth = truthSet(e, nameKey(name, e.type), yearOf(e.birthDates?.[0]), idx);
      out.push({
        qid: `ofac-${kind}-${made + 1}`,
        set: 'ofac-perturbed',
        kind,
        query: { name: q, type: e.type },
        truth,
      });
      made++;
    }
  }
  return out;
}

export function negativeQueries(limit = Infinity): BenchQuery[] {
  const rows = readRows(path.join(SCREENING, 'negatives_global.csv'));
  const out: BenchQuery[] = [];
  for (let i = 0; i < rows.length && out.length < limit; i++) {
    const r = rows[i];
    const q: ScreenQuery = { name: r.full_name, type: 'person' };
    if (r.date_of_birth) q.birthDate = r.date_of_birth;
    if (r.nationality) q.nationality = r.nationality;
    out.push({ qid: `neg-${i + 1}`, set: 'negative', query: q });
  }
  return out;
}

// ---- synthetic padding -----------------------------------------------------------------------------------

const GIVEN: Record<string, string[]> = {
  arabic: (
    'mohammed ahmed ali hassan hussein omar abdullah ibrahim khalid youssef mustafa mahmoud tariq samir ' +
    'karim nabil walid faisal hamza bilal rashid salim jamal adel hani ziad fadi majid nasser said amir ' +
    'yasin anwar ismail zakaria idris suleiman habib munir jalal rami osama fatima aisha mariam zainab ' +
    'layla noor huda amina salma rania'
  ).split(' '),
  latin: (
    'john james robert michael william david richard joseph thomas charles maria jose juan carlos luis ' +
    'jorge pedro miguel antonio francisco pierre jean michel alain marco giuseppe luca paolo hans peter ' +
    'klaus anna elena sofia laura carmen isabel ana lucia andrea daniel pablo diego manuel rafael sergio'
  ).split(' '),
  slavic: (
    'ivan sergei alexei dmitri vladimir nikolai andrei mikhail yuri oleg pavel igor boris viktor anatoly ' +
    'olga tatiana natalia irina svetlana elena anna maria ekaterina ludmila'
  ).split(' '),
  asian: (
    'wei jun hui ming li yan hong jian xiao feng chen lin hao yong jie min young sung jin hyun soo kim chol ' +
    'song hyok yong nam kenji hiroshi takashi yuki akira'
  ).split(' '),
  southasian: (
    'raj amit sanjay vijay rahul anil sunil ravi arun ashok priya sunita anita kavita deepak manoj rakesh ' +
    'suresh ramesh imran asif tariq nadeem shahid javed'
  ).split(' '),
  african: (
    'kwame kofi ama yaw chinedu emeka ngozi oluwaseun tunde amadou moussa ibrahima fatou aminata ' +
    'jean-pierre emmanuel joseph patrice'
  ).split(' '),
};
const SYL: Record<string, string[]> = {
  arabic: (
    'al ab bas dar far gha had ham jab kar khal mah man mas nas qar rah sab sal sha tah wah yas zah zub bad ' +
    'din ran mir dul lah rif jal kas hal bar'
  ).split(' '),
  latin: (
    'ro ber tel man son ga ri do ve la mar tin ez co sta ne ri go mez lo pez fer nan der san chez mo ra les ' +
    'cas tro gar cia vil la ba ro ni'
  ).split(' '),
  slavic:
    'ko va lev sky chuk en ko or lov pet rov ni ko la yev ba ra no vich sen ko zhu kov mi ro nov dub ov bel'.split(' '),
  asian: (
    'zhang wang liu chen yang zhao huang zhou wu xu sun ma hu guo lin he gao luo zheng park lee choi jung ' +
    'kang cho yoon jang lim han'
  ).split(' '),
  southasian: 'sha rma pa tel gup ta kha nna ver ma si ngh re ddy na ir ku mar cho ud hry ra o ja in me hta'.split(' '),
  african: 'ok on kwo ade yemi ba nda mu tu ka zi we ngu ma ndi lo ko si ba ye oye ola ni'.split(' '),
};
const CULTURES: [string, number][] = [
  ['arabic', 0.3],
  ['latin', 0.25],
  ['slavic', 0.15],
  ['asian', 0.15],
  ['southasian', 0.1],
  ['african', 0.05],
];

function zipfPick<T>(rng: Rng, arr: T[]): T {
  return arr[Math.floor(arr.length * Math.pow(rng.next(), 2.2))];
}

function syntheticWord(rng: Rng, culture: string, parts: number): string {
  const syl = SYL[culture];
  let w = '';
  for (let k = 0; k < parts; k++) w += syl[rng.int(syl.length)];
  return w;
}

/** Seeded synthetic entries (ids `syn-N`) adding `target` names in total. */
export function* syntheticEntries(target: number, seed = 1_000_003): Generator<ListEntry> {
  const rng = new Rng(seed);
  // surname pools per culture: a long tail of generated words, chosen with a Zipf-like skew
  const surnames: Record<string, string[]> = {};
  for (const [c] of CULTURES) {
    const set = new Set<string>();
    const want = c === 'asian' ? 3000 : 60000;
    let guard = 0;
    while (set.size < want && guard++ < want * 20) set.add(syntheticWord(rng, c, 2 + rng.int(2)));
    surnames[c] = [...set];
  }
  const givenPools: Record<string, string[]> = {};
  for (const [c] of CULTURES) {
    const set = new Set(GIVEN[c]);
    let guard = 0;
    while (set.size < GIVEN[c].length + 3000 && guard++ < 100000) set.add(syntheticWord(rng, c, 2));
    givenPools[c] = [...set];
  }
  const cultureOf = () => {
    let u = rng.next();
    for (const [c, w] of CULTURES) {
      if (u < w) return c;
      u -= w;
    }
    return 'latin';
  };
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  let made = 0;
  let n = 0;
  while (made < target) {
    const c = cultureOf();
    const given = () => cap(zipfPick(rng, givenPools[c]));
    const sur = () => cap(zipfPick(rng, surnames[c]));
    let full: string;
    if (c === 'arabic')
      full = [given(), given(), rng.next() < 0.4 ? given() : '', (rng.next() < 0.3 ? 'Al-' : '') + sur()]
        .filter(Boolean)
        .join(' ');
    else if (c === 'latin')
      full = [given(), rng.next() < 0.3 ? given() : '', sur(), rng.next() < 0.3 ? sur() : ''].filter(Boolean).join(' ');
    else if (c === 'asian') full = [sur(), given(), rng.next() < 0.5 ? given() : ''].filter(Boolean).join(' ');
    else full = [given(), rng.next() < 0.4 ? given() : '', sur()].filter(Boolean).join(' ');
    const list: string[] = [full];
    const aliases = rng.next() < 0.5 ? 1 + rng.int(2) : 0;
    const toks = full.split(' ');
    for (let a = 0; a < aliases; a++) {
      list.push(
        rng.next() < 0.5
          ? `${toks[toks.length - 1].toUpperCase()}, ${toks.slice(0, -1).join(' ')}`
          : [given(), toks[toks.length - 1]].join(' '),
      );
    }
    const e: ListEntry = { id: `syn-${++n}`, type: 'person', names: list.slice(0, target - made) };
    if (rng.next() < 0.7)
      e.birthDates = [
        `${1940 + rng.int(66)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`,
      ];
    if (rng.next() < 0.6)
      e.nationalities = [
        ['af', 'iq', 'sy', 'ir', 'ye', 'pk', 'ru', 'cn', 'kp', 'mx', 'co', 've', 'ng', 'so', 'lb'][rng.int(15)],
      ];
    made += e.names.length;
    yield e;
  }
}
