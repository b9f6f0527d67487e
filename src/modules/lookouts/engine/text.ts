// Name normalisation: NFKC, transliteration of non-Latin scripts (any-ascii), case and diacritic folding,
// "LAST, First" parsing, tokenisation, and the classification of tokens (particles, titles, legal forms,
// initials) that the scorer weighs down. Also the two spelling keys used for phonetic matching.
import anyAscii from 'any-ascii';
import { hasArabic, romanizeArabic } from './arabic.ts';
import type { SubjectType } from './types.ts';

export const F_PARTICLE = 1; // al, bin, de, van ...
export const F_TITLE = 2; // haji, mullah, dr, jr ...
export const F_LEGAL = 4; // llc, ltd, s a de c v ...
export const F_INITIAL = 8; // one letter
export const F_VOWELLESS = 16; // an unvocalised transliteration such as "mhmd"
export const F_STOP = 32; // "of", "the", "and" in organisation names
export const F_COMMON = 128; // one of the commonest name words ("muhammad", "ali", "maria", "wang")
// the father's (grandfather's) name: "ivanovich", "muhammad" in "usama bin muhammad bin ladin"
export const F_PATRONYMIC = 64;

/** Weight of a token in the name score, by its class. */
export function tokenWeight(flags: number): number {
  if (flags & F_LEGAL) return 0.15;
  if (flags & F_TITLE) return 0.2;
  if (flags & (F_PARTICLE | F_STOP)) return 0.3;
  if (flags & (F_INITIAL | F_PATRONYMIC)) return 0.5;
  if (flags & F_COMMON) return 0.7;
  return 1;
}

// Token frequency: the commonest given and family names of the cultures most represented on sanctions lists and at
// the border weigh less, so that a match on them alone says less ("Juan Carlos Arango" is not "Juan Carlos
// MOSQUERA") and a match on the rarer parts says more. A fixed table (from published name-frequency rankings, in
// their usual Latin spellings; compared by spelling-normalised form, so "Mohamed" and "Muhammad" are both in),
// not statistics of the indexed list: a name's score must not change when other entries are added.
const COMMON_NAMES =
  // Arabic, Persian, South Asian
  (
    'muhammad mohammed mohamed mohammad muhammed mohamad mohd ahmad ahmed ali hasan hassan husayn hussein husain ' +
    'hussain hossein umar omar abdul abdel abdullah abdallah ibrahim khalid yusuf youssef yousef mahmud mahmoud ' +
    'mustafa mostafa said saeed salih saleh salem salim khan abu rahman rehman karim hamid hamad ismail musa ' +
    'isa yahya jamal aziz abbas jafar reza mehdi mahdi akbar amir hamza bashir nasser nasir rashid shah malik ' +
    'sheikh syed sayed noor nur fatima aisha zainab maryam mariam ' +
    // Spanish, Portuguese, Italian, French, English
    'jose juan maria carlos luis jorge manuel antonio francisco jesus pedro miguel javier ana rosa carmen ' +
    'garcia rodriguez hernandez lopez martinez gonzalez perez sanchez ramirez torres flores rivera gomez diaz ' +
    'cruz morales reyes gutierrez ortiz ruiz alvarez castillo jimenez vargas romero herrera medina aguilar ' +
    'moreno silva santos fernandez rojas mendoza castro john james david michael robert william richard ' +
    'joseph thomas charles smith johnson brown jean pierre marie ' +
    // Slavic
    'ivan sergei sergey alexander aleksandr aleksandra vladimir dmitry dmitri andrei andrey nikolai alexei ' +
    'aleksei mikhail olga elena tatiana natalia ivanov smirnov petrov popov ' +
    // Chinese, Korean, Vietnamese
    'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang wei ' +
    'kim lee park choi jung chung kang cho yoon jang nguyen tran le pham'
  ).split(' ');
let commonNorms: Set<string> | undefined;
// normForm costs some twenty regular-expression replacements and every query token is looked up: memoised (bounded,
// forgotten all at once when full)
const commonMemo = new Map<string, boolean>();
export function isCommonName(t: string): boolean {
  let c = commonMemo.get(t);
  if (c === undefined) {
    commonNorms ??= new Set(COMMON_NAMES.map(normForm));
    c = commonNorms.has(normForm(t));
    if (commonMemo.size >= 50_000) commonMemo.clear();
    commonMemo.set(t, c);
  }
  return c;
}

const PARTICLES = new Set([
  'al',
  'el',
  'ul',
  'ad',
  'ar',
  'as',
  'at',
  'az',
  'an',
  'ash',
  'bin',
  'ben',
  'ibn',
  'bint',
  'bent',
  'abu',
  'abou',
  'bou',
  'aba',
  'ould',
  'wuld',
  'de',
  'da',
  'del',
  'della',
  'der',
  'di',
  'do',
  'dos',
  'das',
  'du',
  'des',
  'la',
  'le',
  'lo',
  'los',
  'las',
  'van',
  'von',
  'den',
  'ter',
  'y',
  'e',
  'st',
  'mac',
  'mc',
  // Turkic "son of" / "daughter of", written after the father's name
  'oglu',
  'ogly',
  'ogli',
  'uly',
  'kyzy',
  'qizi',
  'gizi',
]);
// "son of", "daughter of" before the father's name (Arabic nasab, Maghrebi "ould")
const NASAB = new Set(['bin', 'ben', 'ibn', 'bint', 'bent', 'binti', 'ould', 'wuld']);
// East Slavic patronymics (-ovich, -evna ...; Ukrainian -ovych, -ivna)
const PATRONYMIC_SUFFIX = /^[a-z]{3,}(ovich|evich|ovych|evych|ovna|evna|ichna|ivna|yevich|yevna)$/;
const MINOR_FLAGS = F_PARTICLE | F_TITLE | F_LEGAL | F_STOP | F_INITIAL;
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'sir',
  'gen',
  'general',
  'col',
  'colonel',
  'maj',
  'major',
  'capt',
  'captain',
  'lt',
  'sgt',
  'brig',
  'haji',
  'hajji',
  'hadji',
  'alhaji',
  'mullah',
  'mulla',
  'mullo',
  'maulavi',
  'maulawi',
  'mawlawi',
  'mawlavi',
  'maulvi',
  'molvi',
  'maulana',
  'mawlana',
  'sheikh',
  'shaikh',
  'shaykh',
  'sheik',
  'qari',
  'qazi',
  'mufti',
  'imam',
  'ustad',
  'ustadh',
  'hafiz',
  'sayyid',
  'sayed',
  'syed',
  'sayyed',
  'jr',
  'junior',
  'sr',
  'senior',
  'ii',
  'iii',
  'iv',
]);
// Words that never carry a name on their own in organisation names.
const ORG_STOP = new Set([
  'the',
  'of',
  'and',
  'for',
  'und',
  'et',
  'y',
  'de',
  'del',
  'la',
  'le',
  'les',
  'el',
  'al',
  'du',
  'des',
  'da',
  'do',
  'a',
  'an',
  'in',
  'on',
]);

// Legal forms, as token sequences after tokenisation ("S.A. de C.V." -> s a de c v). Matched at the end of a name
// (repeatedly: "CO., LTD."), and a few prefixes at its start (OOO, ZAO, PT ...).
const LEGAL_SUFFIXES: string[][] = [
  'llc',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'cos',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'mbh',
  'ug',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'sl',
  'sll',
  'slu',
  'sau',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'aps',
  'kft',
  'zrt',
  'doo',
  'dd',
  'ad',
  'llp',
  'lp',
  'pte',
  'pty',
  'bhd',
  'sdn',
  'tbk',
  'pt',
  'cv',
  'fze',
  'fzco',
  'fzc',
  'fzllc',
  'wll',
  'jsc',
  'ojsc',
  'cjsc',
  'pjsc',
  'ojs',
  'ooo',
  'zao',
  'oao',
  'pao',
  'tov',
  'ltda',
  'sapi',
  'sab',
  'cia',
  'kk',
  'gk',
  'ltee',
  'limitee',
  'est',
  'establishment',
  'group',
  'holding',
  'holdings',
  'enterprises',
  'enterprise',
  'trading',
  's a',
  's a s',
  's l',
  's r l',
  's p a',
  's a r l',
  'b v',
  'n v',
  'a g',
  'a s',
  's de r l',
  's de rl',
  'de c v',
  's a de c v',
  'sa de cv',
  's a p i de c v',
  'sapi de cv',
  's c',
  'a c',
  's a b de c v',
  'sab de cv',
  'y cia',
  'and co',
  'co ltd',
  's en c',
  's en c s',
  's c s',
  's a c',
  's a a',
  's a s',
  'e u',
  's p r l',
  'sprl',
  'ltda',
  'cia ltda',
  'y cia ltda',
  'y cia s en c',
  'y cia s a',
  'cia s a',
  's de r l de c v',
  'sa de cv',
  'w l l',
  'f z e',
  'l l c',
  'p l c',
  'c v',
  'pvt',
  'private',
  'sp z o o',
  'sp zoo',
  'spolka z o o',
  'a s',
  'k k',
  'l t d',
  'joint stock company',
  'limited liability company',
  'public joint stock company',
  'closed joint stock company',
  'open joint stock company',
  'private limited',
  'company limited',
  'sociedad anonima',
  'sociedad anonima de capital variable',
  'societe anonyme',
  'sociedad de responsabilidad limitada',
].map((s) => s.split(' '));
// Legal forms that sit before the name ("OOO ROMASHKA", "PT MAJU").
const LEGAL_PREFIXES: string[][] = [
  'ooo',
  'zao',
  'oao',
  'pao',
  'ojsc',
  'cjsc',
  'pjsc',
  'jsc',
  'tov',
  'pt',
  'cv',
  'ao',
  'pat',
  'tzov',
].map((s) => s.split(' '));
const LEGAL_MAX = Math.max(...LEGAL_SUFFIXES.map((p) => p.length));
const LEGAL_SET = new Set(LEGAL_SUFFIXES.map((p) => p.join(' ')));
const LEGAL_PREFIX_SET = new Set(LEGAL_PREFIXES.map((p) => p.join(' ')));
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'junior', 'senior']);

export interface PreparedName {
  raw: string;
  /** Folded ASCII lowercase tokens, in reading order ("LAST, First" turned into "First LAST"). */
  tokens: string[];
  flags: number[];
  weights: number[];
  /** The name had letters of a non-Latin script, transliterated to ASCII. */
  transliterated: boolean;
  /** The name had Latin letters with diacritics, ligatures or compatibility forms that were folded. */
  folded: boolean;
  /** The name was written "LAST, First". */
  lastFirst: boolean;
}

const NO_TOKENS: readonly string[] = Object.freeze([]);

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
const APOSTROPHES = /['`\u2018\u2019\u02bc\u02bb\u00b4\u02b9\u02be\u02bf]/g;

/**
 * NFKC, transliteration to ASCII, lowercase; apostrophes are dropped (BA'ASYIR -> baasyir). Arabic script is
 * romanised by arabic.ts (any-ascii drops its long vowels and article); `unvocalised` lists the tokens that came
 * out of it without their short vowels.
 */
export function foldText(raw: string): {
  text: string;
  transliterated: boolean;
  folded: boolean;
  unvocalised: readonly string[];
} {
  let s = raw.normalize('NFKC');
  let transliterated = false;
  let folded = false;
  let unvocalised = NO_TOKENS;
  if (NON_ASCII.test(s) && hasArabic(s)) {
    const r = romanizeArabic(s);
    s = r.text;
    unvocalised = r.unvocalised;
    transliterated = true;
  }
  if (NON_ASCII.test(s)) {
    if (NON_LATIN.test(s)) transliterated = true;
    else folded = true;
    s = anyAscii(s.replace(APOSTROPHES, ''));
  }
  return { text: s.toLowerCase().replace(APOSTROPHES, ''), transliterated, folded, unvocalised };
}

function splitTokens(s: string): string[] {
  const out: string[] = [];
  for (const t of s.split(/[^a-z0-9]+/)) if (t) out.push(t);
  return out;
}

function isAll(tokens: string[], set: Set<string>): boolean {
  return tokens.length > 0 && tokens.every((t) => set.has(t));
}

function mayBeOrganization(type: SubjectType | undefined): boolean {
  return type === undefined || type === 'organization' || type === 'vessel' || type === 'aircraft';
}

/** Marks trailing (and a few leading) legal-form phrases of an organisation name. */
function markLegalForms(tokens: string[], flags: number[]): void {
  let end = tokens.length;
  // keep at least one token that is not a legal form
  while (end > 1) {
    let matched = 0;
    for (let len = Math.min(LEGAL_MAX, end - 1); len >= 1; len--) {
      if (LEGAL_SET.has(tokens.slice(end - len, end).join(' '))) {
        matched = len;
        break;
      }
    }
    if (!matched) break;
    for (let i = end - matched; i < end; i++) flags[i] |= F_LEGAL;
    end -= matched;
  }
  if (end > 1 && LEGAL_PREFIX_SET.has(tokens[0])) flags[0] |= F_LEGAL;
}

function isLegalTail(tokens: string[]): boolean {
  const t = ['x', ...tokens];
  const f = new Array<number>(t.length).fill(0);
  markLegalForms(t, f);
  return f.slice(1).every((x) => (x & F_LEGAL) !== 0);
}

export function prepareName(raw: string, type?: SubjectType): PreparedName {
  const { text, transliterated, folded, unvocalised } = foldText(raw);
  let s = text;
  let lastFirst = false;
  const isPerson = type === 'person' || type === undefined;
  const commas = s.split(',');
  if (isPerson && commas.length === 2) {
    const left = splitTokens(commas[0]);
    const right = splitTokens(commas[1]);
    const rightIsSuffix = isAll(right, NAME_SUFFIXES) || (type !== 'person' && isLegalTail(right));
    if (left.length && right.length && !rightIsSuffix) {
      s = commas[1] + ' ' + commas[0];
      lastFirst = true;
    }
  }
  const tokens = splitTokens(s);
  const flags = new Array<number>(tokens.length).fill(0);
  if (mayBeOrganization(type) && tokens.length > 1) markLegalForms(tokens, flags);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (flags[i] & F_LEGAL) continue;
    if (t.length === 1 && !/[0-9]/.test(t)) flags[i] |= F_INITIAL;
    if (tokens.length > 1) {
      if (type === 'organization') {
        if (ORG_STOP.has(t)) flags[i] |= F_STOP;
      } else if (type !== 'vessel' && type !== 'aircraft') {
        if (PARTICLES.has(t)) flags[i] |= F_PARTICLE;
        else if (TITLES.has(t)) flags[i] |= F_TITLE;
        else if (type === undefined && ORG_STOP.has(t)) flags[i] |= F_STOP;
      }
    }
    if ((t.length >= 2 && !/[aeiou0-9]/.test(t)) || (unvocalised.length && unvocalised.includes(t)))
      flags[i] |= F_VOWELLESS;
  }
  // Name parts: the father's name counts for less (matched or not), since a name in use often leaves it out ("Usama
  // bin Ladin" for "Usama bin Muhammad bin Awad bin Ladin", "Shamil Izmaylov" for "Shamil Magomedovich Izmaylov").
  // After "bin", "ibn", "ould" ... unless it is the last part (then it is the family name: "bin Ladin"); a Slavic
  // patronymic by its ending, in a name of three parts or more.
  if (isPerson && tokens.length >= 3) {
    let lastFull = -1;
    let full = 0;
    for (let i = 0; i < tokens.length; i++)
      if (!(flags[i] & MINOR_FLAGS)) {
        lastFull = i;
        full++;
      }
    for (let i = 0; i < tokens.length; i++) {
      if (flags[i] & MINOR_FLAGS) continue;
      if ((i > 0 && NASAB.has(tokens[i - 1]) && i !== lastFull) || (full >= 3 && PATRONYMIC_SUFFIX.test(tokens[i])))
        flags[i] |= F_PATRONYMIC;
    }
  }
  if (isPerson && tokens.length >= 2)
    for (let i = 0; i < tokens.length; i++)
      if (!(flags[i] & (MINOR_FLAGS | F_PATRONYMIC)) && tokens[i].length >= 2 && isCommonName(tokens[i]))
        flags[i] |= F_COMMON;
  // A name made only of low-weight tokens keeps them at full weight (e.g. the alias "ABU ALI"'s "abu" still counts).
  const weights = flags.map(tokenWeight);
  // a legal-form phrase ("s a de c v", "co ltd") counts as one unit, not one per token
  for (let i = 0; i < tokens.length; ) {
    if (!(flags[i] & F_LEGAL)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && flags[j] & F_LEGAL) j++;
    for (let k = i; k < j; k++) weights[k] = tokenWeight(F_LEGAL) / (j - i);
    i = j;
  }
  if (weights.length && weights.every((w) => w < 1))
    for (let i = 0; i < weights.length; i++) if (!(flags[i] & F_LEGAL)) weights[i] = 1;
  return { raw, tokens, flags, weights, transliterated, folded, lastFirst };
}

// ---------------------------------------------------------------------------------------------------------------
// Spelling keys.
//
// normForm: a spelling normalisation for transliteration variants: digraphs (kh/h, ph/f, q/k, dj/j, sh/ch ...),
// doubled letters, vowel digraphs (ou/u, ee/i, ei/i ...), a silent final h. "Mukhammad" and "Muhammad" and
// "Muhammed" come out close; edit distance on normForm, with cheap vowel-for-vowel substitutions, gives the
// token similarity.
// phoneticKey: normForm with every vowel run written as one "a": Mohammed / Muhammad / Mohamad -> mahamad;
// Hussein / Husain / Hossein -> hasan. Equal keys are a phonetic match and a candidate-generation key.
// skeleton: the consonants only (also without v, w, y): for unvocalised transliterations of Arabic, Persian or
// Hebrew script ("mhmd" -> mhmd, "hsyn" -> hsn), which any-ascii produces from script without vowel marks.

export function normForm(tok: string): string {
  if (/^[0-9]+$/.test(tok)) return tok;
  let s = tok
    .replace(/x/g, 'ks')
    .replace(/sch/g, 'sh')
    .replace(/tch/g, 'ch')
    .replace(/dzh|dj|zh/g, 'j')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/gh/g, 'g')
    .replace(/dh/g, 'd')
    .replace(/th/g, 't')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c(?!h)/g, 'k')
    .replace(/z/g, 's')
    .replace(/w/g, 'v')
    .replace(/ou|oo/g, 'u')
    .replace(/ee|ie|ei|ey|ai|ay/g, 'i')
    .replace(/y(?![aeiou])/g, 'i');
  s = s.replace(/(.)\1+/g, '$1');
  if (s.length > 2) s = s.replace(/([aeiou])h$/, '$1');
  return s;
}

export function phoneticKey(norm: string): string {
  return norm.replace(/[aeiouy]+/g, 'a');
}

export function skeleton(norm: string): string {
  return norm.replace(/[aeiouyvw]+/g, '').replace(/(.)\1+/g, '$1');
}

/** Bit set of the ASCII letters and digits of a string (for cheap "can these be within k edits" bounds). */
export function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= 1 << (c >= 97 ? (c - 97) % 32 : 26 + (c % 6));
  }
  return m;
}
