// A small, forgiving XML element reader (enough for regular data files such as the UN consolidated list):
// elements with their text and line numbers; attributes are skipped; comments, processing instructions and
// DOCTYPE are ignored; CDATA, the predefined entities and numeric character references are decoded.
// Malformed markup is reported with its line number, never thrown.
import type { OnProgress, ParseError } from './types.ts';

export interface XmlNode {
  tag: string;
  line: number;
  children: XmlNode[];
  /** concatenated text directly inside the element */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, line: number, errors: ParseError[]): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);?/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    const v = ENTITIES[e];
    if (v === undefined || !m.endsWith(';')) {
      errors.push({ line, message: `unknown or unterminated entity ${m}` });
      return m;
    }
    return v;
  });
}

// The tokens of an XML text, in this order (the groups are numbered through the alternatives): comment, processing
// instruction, doctype, CDATA (1: text), tag (2: '/', 3: name, 4: attributes, 5: '/'), text (6), a stray '<' (7).
const XML_TOKEN = [
  /<!--[\s\S]*?-->/.source,
  /<\?[\s\S]*?\?>/.source,
  /<!DOCTYPE[^>]*>/.source,
  /<!\[CDATA\[([\s\S]*?)\]\]>/.source,
  /<(\/?)([A-Za-z_][\w.:-]*)((?:\s[^<>]*?)?)(\/?)>/.source,
  /([^<]+)/.source,
  /(<)/.source,
].join('|');

/** Reads the document element; null (with an error) when there is none. */
export function readXml(xml: string, errors: ParseError[], onProgress?: OnProgress): XmlNode | null {
  const re = new RegExp(XML_TOKEN, 'g');
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let line = 1;
  let pos = 0;
  let lastReport = 0;
  const countLines = (upTo: number) => {
    for (let i = xml.indexOf('\n', pos); i >= 0 && i < upTo; i = xml.indexOf('\n', i + 1)) line++;
    pos = upTo;
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    countLines(m.index);
    if (onProgress && m.index - lastReport > 512 * 1024) {
      lastReport = m.index;
      onProgress(m.index, xml.length);
    }
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) {
      if (top) top.text += m[1];
      continue;
    }
    if (m[3] !== undefined) {
      const tag = m[3];
      if (m[2] === '/') {
        if (!top) {
          errors.push({ line, message: `closing tag </${tag}> without an opening tag` });
          continue;
        }
        if (top.tag === tag) {
          stack.pop();
          continue;
        }
        const k = stack.map((n) => n.tag).lastIndexOf(tag);
        if (k < 0) {
          errors.push({ line, message: `closing tag </${tag}> does not match <${top.tag}> (line ${top.line})` });
          continue;
        }
        for (let j = stack.length - 1; j > k; j--)
          errors.push({ line, message: `<${stack[j].tag}> (line ${stack[j].line}) is not closed before </${tag}>` });
        stack.length = k;
        continue;
      }
      const node: XmlNode = { tag, line, children: [], text: '' };
      if (top) top.children.push(node);
      else if (!root) root = node;
      else {
        errors.push({ line, message: `content after the document element: <${tag}>` });
        continue;
      }
      if (m[5] !== '/') stack.push(node);
      continue;
    }
    if (m[6] !== undefined) {
      if (top) top.text += decode(m[6], line, errors);
      else if (m[6].trim()) errors.push({ line, message: 'text outside the document element' });
      continue;
    }
    if (m[7] !== undefined) errors.push({ line, message: 'a "<" that does not start a tag' });
  }
  countLines(xml.length);
  // A document cut short (a truncated download) is refused as a whole, never imported in part.
  for (let j = stack.length - 1; j >= 0; j--) {
    const message = `<${stack[j].tag}> (line ${stack[j].line}) is not closed at the end of the file`;
    errors.push({ line, message, fatal: true });
  }
  if (!root) errors.push({ line: 1, message: 'no XML document element found', fatal: true });
  onProgress?.(xml.length, xml.length);
  return root;
}
