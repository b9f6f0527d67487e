// Arabic-script names (Arabic, Persian, Urdu, Pashto letters) romanised for matching against their Latin forms.
//
// any-ascii drops the alif and writes ayn and hamza as punctuation ("صدام" -> "sdm", "التكريتي" -> "ltkryty"), which
// loses the article and the long vowels that Latin spellings keep. Here: the article "ال" is a token of its own
// ("al"), as is "abd" written joined ("عبدالرحمن"); alif, waw and yeh are written as the long vowels they usually are
// (a, w, y: the spelling normalisation and the consonant skeleton treat w and y as the vowel-or-consonant they are);
// ayn is "e", a vowel of any quality (Latin spellings write a vowel: "Izzat", "Isam"), hamza is dropped; ta marbuta
// is "a" ("Hamza", "Usama"); a name joined with "Allah" is one token ("Habibullah"). Short vowels are
// not written in Arabic, so the result is "unvocalised": it is compared with Latin names by consonant skeleton
// (similarity.ts). The commonest name words are given their usual vocalised romanisation instead (a table, from the
// standard romanisations of these names), so that they match like any Latin spelling: "محمد" -> "muhammad".

const LETTERS: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  // ayn: a vowel in Latin spellings ("Izzat", "Isam", "Sabawi"), of any quality: written "e", which the Latin
  // comparison (similarity.ts) takes for any vowel
  ع: 'e',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  و: 'w',
  ؤ: '',
  ي: 'y',
  ى: 'a',
  ئ: '',
  ء: '',
  // Persian, Urdu, Pashto
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'y',
  ې: 'y',
  ۍ: 'y',
  ہ: 'h',
  ھ: 'h',
  ۀ: 'a',
  ے: 'y',
  ٹ: 't',
  ڈ: 'd',
  ڑ: 'r',
  ں: 'n',
  ځ: 'z',
  څ: 'ts',
  ښ: 'kh',
  ګ: 'g',
  ڼ: 'n',
  ږ: 'zh',
};

// Vowel marks, when a name carries them (rare in lists).
const MARKS: Record<string, string> = {
  '\u064e': 'a', // fatha
  '\u0650': 'i', // kasra
  '\u064f': 'u', // damma
  '\u064b': '', // tanwin
  '\u064c': '',
  '\u064d': '',
  '\u0651': '', // shadda: doubled letters are folded anyway
  '\u0652': '', // sukun
  '\u0670': 'a', // superscript alif
  '\u0640': '', // tatweel
};

/** Name words written with their usual romanisation (vocalised), keyed by their canonical spelling (canon()). */
const WORDS_RAW: Record<string, string> = {
  محمد: 'muhammad',
  احمد: 'ahmad',
  محمود: 'mahmud',
  علي: 'ali',
  عمر: 'umar',
  عثمان: 'uthman',
  حسن: 'hasan',
  حسين: 'husayn',
  ابراهيم: 'ibrahim',
  يوسف: 'yusuf',
  خالد: 'khalid',
  مصطفي: 'mustafa',
  سعيد: 'said',
  صالح: 'salih',
  عبد: 'abd',
  الله: 'allah',
  ابو: 'abu',
  ابن: 'ibn',
  بن: 'bin',
  بنت: 'bint',
  اسامه: 'usama',
  اسامة: 'usama',
  عيسي: 'isa',
  موسي: 'musa',
  يحيي: 'yahya',
  سليمان: 'sulayman',
  اسماعيل: 'ismail',
  عزيز: 'aziz',
  جمال: 'jamal',
  طه: 'taha',
  فضل: 'fazl',
  ولي: 'wali',
  سيد: 'sayyid',
};

/** One spelling for letters that Arabic, Persian and Urdu write differently (hamza seats, yeh, kaf, heh). */
function canon(w: string): string {
  return w
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[یىېۍے]/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/[ہھ]/g, 'ه');
}
const WORDS = new Map(Object.entries(WORDS_RAW).map(([k, v]) => [canon(k), v]));

const NOT_BEFORE_ALLAH = new Set(['abd', 'al', 'abu', 'bin', 'ibn', 'bint']);

const ARABIC_WORD = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+/g;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]/;

export function hasArabic(s: string): boolean {
  return ARABIC.test(s);
}

function letters(w: string): string {
  let out = '';
  for (const ch of w) {
    const l = LETTERS[ch];
    if (l !== undefined) out += l;
    else {
      const m = MARKS[ch];
      if (m !== undefined) out += m;
    }
  }
  return out;
}

/** One written word: a known name word; "abd" + the rest ("عبدالرحمن"); the article + the rest; letters. */
function word(bare: string, unvocalised: string[]): string {
  const c = canon(bare);
  const known = WORDS.get(c);
  if (known) return known;
  // "عبدالرحمن", "عبدالغنی": the servant-of compound written as one word
  if (c.startsWith('عبد') && c.length > 4) return `abd ${word(bare.slice(3), unvocalised)}`;
  // the article, written joined to its noun: "التكريتي" -> "al tkryty" (not in a short word: "الف" alif)
  if (c.startsWith('ال') && c.length > 3) return `al ${word(bare.slice(2), unvocalised)}`;
  const out = letters(bare);
  if (out) unvocalised.push(out);
  return out;
}

/**
 * Romanises the Arabic-script words of `s` (NFKC already applied) and returns the text with the tokens that came
 * out unvocalised (for the F_VOWELLESS flag). Other text is left as is.
 */
export function romanizeArabic(s: string): { text: string; unvocalised: string[] } {
  const unvocalised: string[] = [];
  const text = s.replace(ARABIC_WORD, (w) => {
    const bare = w.replace(/[\u064b-\u065f\u0670\u0640]/g, '');
    // with vowel marks, any-ascii (later) writes the vowels it is given
    if (bare !== w) return WORDS.get(canon(bare)) ?? w;
    return ` ${word(bare, unvocalised)} `;
  });
  // "حبيب الله" is written "Habibullah" (or "Habib Ullah", which the joined-token match meets): one token
  const merged = text.replace(/([a-z]+) +allah\b/g, (m, prev: string) => {
    if (NOT_BEFORE_ALLAH.has(prev)) return m;
    const out = `${prev}ullah`;
    if (unvocalised.includes(prev)) unvocalised.push(out);
    return out;
  });
  return { text: merged, unvocalised };
}
