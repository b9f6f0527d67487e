// Files handed to the importers (reference lists, flow data, screening files): decoded as declared or detected, never
// replaced silently (no U+FFFD), within the size limits, and every text field free of NUL and lone surrogates. The
// rule for a bad line is written in docs/decisions/0008-importers-refuse-bad-lines.md.
import fs from 'node:fs';

/** Encodings an operator can declare (`--encoding`); without one, a BOM decides, else the file must be UTF-8. */
export const ENCODINGS = ['utf8', 'latin1', 'windows-1252', 'utf16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const isEncoding = (s: unknown): s is Encoding => ENCODINGS.some((e) => e === s);

/**
 * The limits every importer applies. The real files are far inside them (OFAC SDN 2021: names up to 158 characters,
 * remarks up to 1,000, 96 names on one entry; UN list: names up to 324, comments up to 1,458; the largest file 2 MB).
 */
export const IMPORT_LIMITS = {
  /** one file, in bytes (or characters for text already decoded, e.g. a JSON body) */
  fileBytes: 100 * 1024 * 1024,
  /** a name, an identifier, a code, any short field */
  fieldChars: 1000,
  /** remarks and comments */
  longFieldChars: 10_000,
  /** names, documents, addresses… of one entry */
  items: 1000,
  /** columns of a CSV record */
  columns: 100,
} as const;

export interface TextProblem {
  line: number;
  message: string;
  /** the file the problem is in */
  file?: string;
  /** the problem concerns the whole file: it cannot be skipped with --skip-invalid */
  fatal?: boolean;
}

export type Decoded = { ok: true; text: string; encoding: Encoding | 'utf16be' } | { ok: false; error: TextProblem };

const hex = (b: number) => '0x' + b.toString(16).toUpperCase().padStart(2, '0');
const fmt = (n: number) => n.toLocaleString('en');

/** Line number (1-based) of a byte offset: the line feeds before it, plus one. */
function lineAt(bytes: Uint8Array, offset: number, unit = 1): number {
  let line = 1;
  for (let i = 0; i < offset; i += unit) if (bytes[i] === 0x0a && (unit === 1 || bytes[i + 1] === 0)) line++;
  return line;
}

/** Offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates, beyond U+10FFFF), or -1. */
export function invalidUtf8Offset(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [len, min] = [2, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [len, min] = [3, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [len, min] = [4, 0x10000];
    else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const x = b[i + k];
      if ((x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/**
 * Decodes a file. A UTF-8 BOM is dropped; a UTF-16 BOM selects UTF-16. Without a declaration the file must be valid
 * UTF-8: the first bad byte is reported with its line and offset (the operator then declares what the file is).
 */
export function decodeText(bytes: Uint8Array, declared?: Encoding, file?: string, hint = true): Decoded {
  const refuse = (line: number, message: string): Decoded => ({
    ok: false,
    error: { file, line, message, fatal: true },
  });
  if (bytes.length > IMPORT_LIMITS.fileBytes)
    return refuse(1, `the file has ${fmt(bytes.length)} bytes, over the limit of ${fmt(IMPORT_LIMITS.fileBytes)}`);
  const bom8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const bomLe = bytes[0] === 0xff && bytes[1] === 0xfe;
  const bomBe = bytes[0] === 0xfe && bytes[1] === 0xff;
  const bom = bom8 ? 'utf8' : bomLe ? 'utf16le' : bomBe ? 'utf16be' : undefined;
  if (declared && bom && bom !== declared)
    return refuse(1, `the file starts with a ${bom} byte-order mark, but the declared encoding is ${declared}`);
  const encoding = declared ?? bom ?? 'utf8';
  if (encoding === 'utf8') {
    const body = bom8 ? bytes.subarray(3) : bytes;
    const bad = invalidUtf8Offset(body);
    if (bad >= 0) {
      const offset = bad + (bom8 ? 3 : 0);
      return refuse(
        lineAt(bytes, offset),
        `invalid UTF-8 (byte ${hex(bytes[offset])} at byte offset ${offset})` +
          (hint
            ? '; declare the encoding with --encoding latin1, windows-1252 or utf16le if the file is not UTF-8'
            : ''),
      );
    }
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding };
  }
  if (encoding === 'latin1') {
    // ISO-8859-1 proper (a TextDecoder labelled latin1 is windows-1252): 0x80–0x9F are C1 controls, never text.
    const c1 = bytes.findIndex((b) => b >= 0x80 && b <= 0x9f);
    if (c1 >= 0)
      return refuse(
        lineAt(bytes, c1),
        `byte ${hex(bytes[c1])} at byte offset ${c1} is a control character in ISO-8859-1; ` +
          'the file is probably windows-1252 (--encoding windows-1252)',
      );
    return {
      ok: true,
      text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
      encoding,
    };
  }
  if (encoding === 'windows-1252') return { ok: true, text: new TextDecoder('windows-1252').decode(bytes), encoding };
  const le = encoding === 'utf16le';
  const body = bom ? bytes.subarray(2) : bytes;
  const start = bom ? 2 : 0;
  if (body.length % 2 !== 0)
    return refuse(lineAt(bytes, bytes.length - 1, 2), 'a UTF-16 file with an odd number of bytes');
  for (let i = 0; i < body.length; i += 2) {
    const u = le ? body[i] | (body[i + 1] << 8) : (body[i] << 8) | body[i + 1];
    const next = i + 3 < body.length ? (le ? body[i + 2] | (body[i + 3] << 8) : (body[i + 2] << 8) | body[i + 3]) : -1;
    if (u >= 0xd800 && u <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i += 2;
      continue;
    }
    if (u >= 0xd800 && u <= 0xdfff)
      return refuse(lineAt(bytes, start + i, 2), `an unpaired UTF-16 surrogate at byte offset ${start + i}`);
  }
  return { ok: true, text: new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(body), encoding };
}

/** The text of a file given as text (a JSON body) or bytes (a file read from disk), with the size limit applied. */
export function fileText(content: string | Uint8Array, encoding: Encoding | undefined, file?: string): Decoded {
  if (typeof content !== 'string') return decodeText(content, encoding, file);
  if (content.length > IMPORT_LIMITS.fileBytes)
    return {
      ok: false,
      error: {
        file,
        line: 1,
        fatal: true,
        message: `the file has ${fmt(content.length)} characters, over the limit of ${fmt(IMPORT_LIMITS.fileBytes)}`,
      },
    };
  return { ok: true, text: content.charCodeAt(0) === 0xfeff ? content.slice(1) : content, encoding: 'utf8' };
}

/**
 * Why a text field cannot be imported, or undefined: a NUL (PostgreSQL cannot store it in text), a lone surrogate (not
 * Unicode: it would be stored as U+FFFD and no longer hash the same), or more characters than the limit.
 */
export function fieldProblem(value: string, max: number = IMPORT_LIMITS.fieldChars): string | undefined {
  if (value.length > max) return `is ${fmt(value.length)} characters long, over the limit of ${fmt(max)}`;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return 'contains a NUL character';
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return `contains a lone surrogate (U+${c.toString(16).toUpperCase()})`;
  }
  return undefined;
}

/**
 * A message that may quote the file (a parser's "unexpected token …") made safe to print and store: control characters
 * and lone surrogates written as `\uXXXX`.
 */
export function printable(message: string): string {
  return message.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
/** The problems with printable messages. */
export const printableProblems = <P extends { message: string }>(ps: P[]): P[] =>
  ps.map((p) => ({ ...p, message: printable(p.message) }));

/** Every string inside a parsed JSON value, with its path (`names.0`), for fieldProblem. */
export function* jsonStrings(v: unknown, path = ''): Generator<[string, string]> {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v))
    for (let i = 0; i < v.length; i++) yield* jsonStrings(v[i], path ? `${path}.${i}` : `${i}`);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) yield* jsonStrings(x, path ? `${path}.${k}` : k);
}

/** Reads a file named on the command line: its bytes, or why it cannot be read (never a stack trace). */
export function readImportFile(file: string): { ok: true; bytes: Buffer } | { ok: false; message: string } {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return { ok: false, message: `${file}: cannot read (is a directory)` };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ok: false, message: `${file}: cannot read (${why})` };
  }
  if (size > IMPORT_LIMITS.fileBytes)
    return { ok: false, message: `${file}: ${fmt(size)} bytes, over the limit of ${fmt(IMPORT_LIMITS.fileBytes)}` };
  try {
    return { ok: true, bytes: fs.readFileSync(file) };
  } catch (e) {
    return { ok: false, message: `${file}: cannot read (${(e as Error).message})` };
  }
}

/** Writes problems as `FILE:LINE: message` (a file-level one without a line), at most `max` of them. */
export function writeProblems(
  out: NodeJS.WritableStream,
  problems: TextProblem[],
  fileOf: (label: string | undefined) => string,
  prefix = '',
  max = 50,
): void {
  for (const p of problems.slice(0, max))
    out.write(`${fileOf(p.file)}${p.line > 0 ? `:${p.line}` : ''}: ${prefix}${p.message}\n`);
  if (problems.length > max) out.write(`… and ${fmt(problems.length - max)} more\n`);
}
