/**
 * Namespace-aware XML parsing: one pass over the document that checks it is well-formed and
 * builds the element tree as it goes.
 *
 * Exchange servers (and other EWS clients) write `s:/m:/t:` prefixes, other prefixes, or default
 * namespaces interchangeably, so the tree we hand out carries namespace URIs and local names,
 * never prefixes. Safety: documents with a DTD are refused (no entity expansion, so no XXE or
 * "billion laughs"), and characters XML cannot carry, raw or as `&#x1A;`-style references, are
 * dropped instead of failing the whole reply. Anything else that is not well-formed XML (a
 * truncated reply, a mismatched or unclosed tag, a bad attribute or reference, text or a second
 * element outside the root) is an XmlParseError naming the line.
 *
 * (Replies are parsed on every tool call: a purpose-built single pass is several times faster
 * than a general parser's validate-then-parse passes plus a conversion of its output.)
 */
import { decodeXmlText, stripIllegalXmlChars } from "./escape.ts";
import { NS } from "./namespaces.ts";

export interface XmlElement {
  /** Namespace URI, `""` when the element is in no namespace. */
  ns: string;
  /** Local name, without prefix. */
  name: string;
  /** Unprefixed attributes by local name; prefixed ones as `{uri}local`. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text content (CDATA included), decoded. */
  text: string;
}

export class XmlParseError extends Error {
  override name = "XmlParseError";
}

/** Parses a document into a namespace-resolved element tree (its root element). */
export function parseXml(document: string): XmlElement {
  return new Reader(stripIllegalXmlChars(document)).document();
}

/** Prefix → namespace URI in scope; copied only where an element declares a namespace. */
type Scope = Map<string, string>;

interface Open {
  el: XmlElement;
  qname: string;
  scope: Scope;
  text: string;
}

const LT = 0x3C, GT = 0x3E, SLASH = 0x2F, BANG = 0x21, QUESTION = 0x3F, EQUALS = 0x3D;
const QUOTE = 0x22, APOSTROPHE = 0x27;

/** ASCII name characters: 1 may start a name, 2 may only continue one. */
const NAME_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME_ASCII[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME_ASCII[c] = 2;
}

/** XML 1.0 Name, for names with non-ASCII characters (rare: checked separately). */
const NAME =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDB7F\uDC00-\uDFFF][:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800-\uDB7F\uDC00-\uDFFF.0-9\u00B7\u0300-\u036F\u203F\u2040-]*$/;

/** An `&` that does not start an entity or character reference. */
const BAD_REFERENCE = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][-A-Za-z0-9_:.]*);)/;

/** `<?xml version="1.x" encoding="..." standalone="yes|no"?>`, matched where it starts. */
const DECLARATION =
  /<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/y;

const isSpace = (c: number) => c === 0x20 || c === 0x0A || c === 0x09 || c === 0x0D;

class Reader {
  pos = 0;
  /** Where the document starts (after a byte order mark): the only place for `<?xml ...?>`. */
  readonly start: number;

  constructor(readonly src: string) {
    this.start = src.charCodeAt(0) === 0xFEFF ? 1 : 0;
    this.pos = this.start;
  }

  fail(message: string, at = this.pos): never {
    let line = 1;
    for (let i = this.src.indexOf("\n"); i >= 0 && i < at; i = this.src.indexOf("\n", i + 1)) {
      line++;
    }
    throw new XmlParseError(`Malformed XML at line ${line}: ${message}`);
  }

  /** prolog, one root element, then only comments, processing instructions and whitespace. */
  document(): XmlElement {
    const src = this.src;
    let root: XmlElement | undefined;
    for (;;) {
      this.skipSpace();
      if (this.pos >= src.length) break;
      if (src.charCodeAt(this.pos) !== LT) {
        this.fail(root ? "Text after the root element" : "Start tag expected");
      }
      const next = src.charCodeAt(this.pos + 1);
      if (next === QUESTION) this.skipInstruction();
      else if (next === BANG) {
        // A DTD can only stand here (anywhere else it is malformed): refused, never read.
        if (src.slice(this.pos, this.pos + 9).toUpperCase() === "<!DOCTYPE") {
          throw new XmlParseError("XML with a document type declaration (DTD) is not accepted");
        }
        if (!src.startsWith("<!--", this.pos)) this.fail("Unexpected markup outside the root");
        this.skipComment();
      } else if (root) this.fail("More than one root element");
      else root = this.element();
    }
    if (!root) this.fail("Start tag expected");
    return root;
  }

  /** The element starting at `pos` with everything in it (iterative: no recursion limit). */
  element(): XmlElement {
    const src = this.src;
    const first = this.startTag(ROOT_SCOPE);
    if (!first) return this.last!;
    const stack: Open[] = [first];
    let top = first;
    for (;;) {
      const lt = src.indexOf("<", this.pos);
      if (lt < 0) this.fail(`Unclosed tag '${top.qname}'`, src.length);
      if (lt > this.pos) top.text += this.text(this.pos, lt);
      this.pos = lt;
      const next = src.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.pos = lt + 2;
        const name = this.name("Closing tag");
        this.skipSpace();
        if (src.charCodeAt(this.pos) !== GT) this.fail(`Closing tag '${name}' without '>'`);
        this.pos++;
        if (name !== top.qname) {
          this.fail(`Expected closing tag '${top.qname}' instead of closing tag '${name}'`, lt);
        }
        const el = top.el;
        // Whitespace between child elements is layout, not content.
        el.text = el.children.length > 0 && top.text.trim() === "" ? "" : top.text;
        stack.pop();
        if (stack.length === 0) return el;
        top = stack[stack.length - 1];
      } else if (next === BANG) {
        if (src.startsWith("<!--", lt)) this.skipComment();
        else if (src.startsWith("<![CDATA[", lt)) {
          const end = src.indexOf("]]>", lt + 9);
          if (end < 0) this.fail("Unclosed CDATA section");
          top.text += src.slice(lt + 9, end);
          this.pos = end + 3;
        } else this.fail("Unexpected markup");
      } else if (next === QUESTION) this.skipInstruction();
      else {
        const child = this.startTag(top.scope);
        top.el.children.push(child ? child.el : this.last!);
        if (child) {
          stack.push(child);
          top = child;
        }
      }
    }
  }

  /** The element of the last self-closing tag read by startTag. */
  last: XmlElement | undefined;

  /**
   * Reads a start tag at `pos` (on its `<`). Returns the open element, or undefined for an
   * empty-element tag (`<a/>`, then in `last`).
   */
  startTag(parent: Scope): Open | undefined {
    const src = this.src;
    this.pos++;
    const qname = this.name("Tag");
    let raw: string[] | undefined;
    let empty: boolean;
    for (;;) {
      const spaced = this.skipSpace();
      const c = src.charCodeAt(this.pos);
      if (c === GT) {
        this.pos++;
        empty = false;
        break;
      }
      if (c === SLASH) {
        if (src.charCodeAt(this.pos + 1) !== GT) this.fail(`Tag '${qname}': '/' without '>'`);
        this.pos += 2;
        empty = true;
        break;
      }
      if (this.pos >= src.length) this.fail(`Unclosed tag '${qname}'`);
      if (!spaced) this.fail(`Tag '${qname}': attributes must be separated by whitespace`);
      const name = this.name("Attribute");
      this.skipSpace();
      if (src.charCodeAt(this.pos) !== EQUALS) this.fail(`Attribute '${name}' is without value`);
      this.pos++;
      this.skipSpace();
      const quote = src.charCodeAt(this.pos);
      if (quote !== QUOTE && quote !== APOSTROPHE) {
        this.fail(`Attribute '${name}': value not in quotes`);
      }
      const end = src.indexOf(quote === QUOTE ? '"' : "'", this.pos + 1);
      if (end < 0) this.fail(`Attribute '${name}': unclosed value`);
      const value = src.slice(this.pos + 1, end);
      if (value.includes("<")) this.fail(`Attribute '${name}': '<' in its value`);
      if (raw) {
        for (let i = 0; i < raw.length; i += 2) {
          if (raw[i] === name) this.fail(`Attribute '${name}' is repeated`);
        }
        raw.push(name, value);
      } else raw = [name, value];
      this.pos = end + 1;
    }

    let scope = parent;
    const attrs: Record<string, string> = {};
    if (raw) {
      for (let i = 0; i < raw.length; i += 2) {
        const key = raw[i];
        if (key === "xmlns" || key.startsWith("xmlns:")) {
          if (scope === parent) scope = new Map(parent);
          scope.set(key === "xmlns" ? "" : key.slice(6), this.decode(raw[i + 1]));
        }
      }
      for (let i = 0; i < raw.length; i += 2) {
        const key = raw[i];
        if (key === "xmlns" || key.startsWith("xmlns:")) continue;
        const colon = key.indexOf(":");
        const value = this.decode(raw[i + 1]);
        if (colon < 0) attrs[key] = value;
        else attrs[`{${scope.get(key.slice(0, colon)) ?? ""}}${key.slice(colon + 1)}`] = value;
      }
    }
    const colon = qname.indexOf(":");
    const el: XmlElement = {
      ns: scope.get(colon < 0 ? "" : qname.slice(0, colon)) ?? "",
      name: colon < 0 ? qname : qname.slice(colon + 1),
      attrs,
      children: [],
      text: "",
    };
    if (empty) {
      this.last = el;
      return undefined;
    }
    return { el, qname, scope, text: "" };
  }

  /** Character data between `from` and `to`, references checked and decoded. */
  text(from: number, to: number): string {
    const raw = this.src.slice(from, to);
    return raw.includes("&") ? this.decode(raw, from) : raw;
  }

  decode(raw: string, at = this.pos): string {
    if (!raw.includes("&")) return raw;
    const bad = BAD_REFERENCE.exec(raw);
    if (bad) this.fail("'&' that starts no entity or character reference", at + bad.index);
    return decodeXmlText(raw);
  }

  name(kind: string): string {
    const src = this.src;
    const start = this.pos;
    let i = start;
    let ascii = true;
    for (; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c < 128) {
        const kind = NAME_ASCII[c];
        if (kind === 0 || (kind === 2 && i === start)) break;
      } else ascii = false;
    }
    const name = src.slice(start, i);
    if (name === "") this.fail(`${kind} name expected`);
    if (!ascii && !NAME.test(name)) this.fail(`${kind} '${name}' is an invalid name`);
    this.pos = i;
    return name;
  }

  /** Skips whitespace; true when there was some. */
  skipSpace(): boolean {
    const src = this.src;
    const start = this.pos;
    while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  skipComment(): void {
    const end = this.src.indexOf("-->", this.pos + 4);
    if (end < 0) this.fail("Unclosed comment");
    this.pos = end + 3;
  }

  /** `<?target ...?>`; the XML declaration only at the very start. */
  skipInstruction(): void {
    const at = this.pos;
    this.pos += 2;
    const target = this.name("Processing instruction");
    if (target.toLowerCase() === "xml") {
      if (at !== this.start) {
        this.fail("XML declaration allowed only at the start of the document", at);
      }
      DECLARATION.lastIndex = at;
      if (!DECLARATION.test(this.src)) this.fail("Malformed XML declaration", at);
    }
    if (!this.skipSpace() && !this.src.startsWith("?>", this.pos)) {
      this.fail(`Processing instruction '${target}': whitespace expected after its name`);
    }
    const end = this.src.indexOf("?>", this.pos);
    if (end < 0) this.fail("Unclosed processing instruction");
    this.pos = end + 2;
  }
}

const ROOT_SCOPE: Scope = new Map([["xml", NS.xml]]);
