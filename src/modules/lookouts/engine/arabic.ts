// Arabic-script names (Arabic, Persian, Urdu, Pashto letters) romanised for matching against their Latin forms.
//
// any-ascii drops the alif and writes ayn and hamza as punctuation ("صدام" -> "sdm", "التكريتي" -> "ltkryty"), which
// loses the article and the long vowels that Latin spellings keep. Here: the article "ال" is a token of its own
// ("al"), alif, waw and yeh are written as the long vowels they usually are (a, w, y: the spelling normalisation and
// the consonant skeleton treat w and y as the vowel-or-consonant they are), ayn and hamza are dropped (Latin
// spellings mostly drop them or write a vowel: "Ali", "Abd"), ta marbuta is "a" ("Hamza", "Usama"). Short vowels are
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
  ع: '',
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

/** Name words written with their usual romanisation (vocalised), keyed by the Arabic spelling without marks. */
const WORDS: Record<string, string> = {
  محمد: 'muhammad',
  احمد: 'ahmad',
  أحمد: 'ahmad',
  محمود: 'mahmud',
  علي: 'ali',
  عمر: 'umar',
  عثمان: 'uthman',
  حسن: 'hasan',
  حسين: 'husayn',
  حسین: 'husayn',
  ابراهيم: 'ibrahim',
  إبراهيم: 'ibrahim',
  ابراهیم: 'ibrahim',
  يوسف: 'yusuf',
  یوسف: 'yusuf',
  خالد: 'khalid',
  مصطفى: 'mustafa',
  سعيد: 'said',
  صالح: 'salih',
  عبد: 'abd',
  الله: 'allah',
  عبدالله: 'abdallah',
  ابو: 'abu',
  أبو: 'abu',
  ابن: 'ibn',
  بن: 'bin',
  بنت: 'bint',
  اسامة: 'usama',
  أسامة: 'usama',
  عيسى: 'isa',
  موسى: 'musa',
  يحيى: 'yahya',
  سليمان: 'sulayman',
  اسماعيل: 'ismail',
  إسماعيل: 'ismail',
  عزيز: 'aziz',
  جمال: 'jamal',
  طه: 'taha',
};

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

/**
 * Romanises the Arabic-script words of `s` (NFKC already applied) and returns the text with the tokens that came
 * out unvocalised (for the F_VOWELLESS flag). Other text is left as is.
 */
export function romanizeArabic(s: string): { text: string; unvocalised: string[] } {
  const unvocalised: string[] = [];
  const text = s.replace(ARABIC_WORD, (w) => {
    const bare = w.replace(/[\u064b-\u065f\u0670\u0640]/g, '');
    const known = WORDS[bare];
    if (known) return ` ${known} `;
    // the article, written joined to its noun: "التكريتي" -> "al tkryty" (not in a short word: "الف" alif)
    let rest = bare;
    let art = '';
    if (/^[اٱ]ل/.test(rest) && rest.length > 3) {
      art = 'al ';
      rest = rest.slice(2);
    }
    const known2 = WORDS[rest];
    if (known2) return ` ${art}${known2} `;
    // with vowel marks, any-ascii (later) writes the vowels it is given
    if (bare !== w) return w;
    const out = letters(rest);
    if (!out) return ' ';
    unvocalised.push(out);
    return ` ${art}${out} `;
  });
  return { text, unvocalised };
}
