/**
 * Namespace-aware XML parsing on top of fast-xml-parser.
 *
 * Exchange servers (and other EWS clients) write `s:/m:/t:` prefixes, other prefixes, or default
 * namespaces interchangeably, so the tree we hand out carries namespace URIs and local names,
 * never prefixes. Safety: documents with a DTD are refused (no entity expansion, so no XXE or
 * "billion laughs"), and characters XML cannot carry, raw or as `&#x1A;`-style references, are
 * dropped instead of failing the whole reply.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { decodeXmlText, stripIllegalXmlChars } from "./escape.ts";
import { NS, PREFIXES } from "./namespaces.ts";

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

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  commentPropName: false,
  // No callbacks read the path, so the parser need not build a path string per node (it showed
  // as 5% of a server's CPU profile).
  jPath: false,
});

type RawNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/** Parses a document into a namespace-resolved element tree (its root element). */
export function parseXml(document: string): XmlElement {
  if (/<!DOCTYPE/i.test(document)) {
    throw new XmlParseError("XML with a document type declaration (DTD) is not accepted");
  }
  const cleaned = stripIllegalXmlChars(document).replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (ref) =>
    // Keep legal references for decoding later; drop the ones no XML 1.0 parser accepts.
    decodeXmlText(ref) === "" ? "" : ref);
  const verdict = XMLValidator.validate(cleaned, { allowBooleanAttributes: false });
  if (verdict !== true) {
    throw new XmlParseError(
      `Malformed XML at line ${verdict.err.line}: ${verdict.err.msg}`,
    );
  }
  const raw = parser.parse(cleaned) as RawNode[];
  const rootRaw = raw.find((node) => elementName(node) !== undefined);
  if (!rootRaw) throw new XmlParseError("XML document has no root element");
  return convert(rootRaw, new Map([["xml", NS.xml]]));
}

function elementName(node: RawNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ":@" && key !== "#text" && key !== "#cdata") return key;
  }
  return undefined;
}

function convert(node: RawNode, inherited: Map<string, string>): XmlElement {
  const qname = elementName(node)!;
  const rawAttrs = node[":@"] ?? {};
  let scope = inherited;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === "xmlns" || key.startsWith("xmlns:")) {
      if (scope === inherited) scope = new Map(inherited);
      scope.set(key === "xmlns" ? "" : key.slice(6), decodeXmlText(value));
    }
  }
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === "xmlns" || key.startsWith("xmlns:")) continue;
    const colon = key.indexOf(":");
    const decoded = decodeXmlText(value);
    if (colon < 0) attrs[key] = decoded;
    else attrs[`{${scope.get(key.slice(0, colon)) ?? ""}}${key.slice(colon + 1)}`] = decoded;
  }
  const colon = qname.indexOf(":");
  const prefix = colon < 0 ? "" : qname.slice(0, colon);
  const element: XmlElement = {
    ns: scope.get(prefix) ?? "",
    name: colon < 0 ? qname : qname.slice(colon + 1),
    attrs,
    children: [],
    text: "",
  };
  const content = node[qname] as RawNode[];
  let text = "";
  for (const child of content) {
    if ("#text" in child) text += decodeXmlText(String(child["#text"]));
    else if ("#cdata" in child) {
      for (const part of child["#cdata"] as RawNode[]) text += String(part["#text"] ?? "");
    } else element.children.push(convert(child, scope));
  }
  // Whitespace between child elements is layout, not content.
  element.text = element.children.length > 0 && text.trim() === "" ? "" : text;
  return element;
}

// ---- Queries --------------------------------------------------------------------------------
// Paths are written with our canonical prefixes (`s:`, `m:`, `t:`) and matched by namespace URI,
// whatever prefixes the sender used: `find(item, "t:From/t:Mailbox/t:EmailAddress")`.

type Step = { ns: string; name: string };
const pathCache = new Map<string, Step[]>();

function compile(path: string): Step[] {
  let steps = pathCache.get(path);
  if (!steps) {
    steps = path.split("/").map((part) => {
      const colon = part.indexOf(":");
      if (colon < 0) return { ns: "", name: part };
      const ns = PREFIXES[part.slice(0, colon)];
      if (!ns) throw new Error(`Unknown prefix in XML path: ${part}`);
      return { ns, name: part.slice(colon + 1) };
    });
    pathCache.set(path, steps);
  }
  return steps;
}

function matches(el: XmlElement, step: Step): boolean {
  return el.name === step.name && el.ns === step.ns;
}

/** The first element at `path` below `el`, or undefined. */
export function find(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = el;
  for (const step of compile(path)) {
    if (!current) return undefined;
    current = current.children.find((c) => matches(c, step));
  }
  return current;
}

/** Every element at `path` below `el` (all branches of the last step). */
export function findAll(el: XmlElement | undefined, path: string): XmlElement[] {
  if (!el) return [];
  const steps = compile(path);
  let level = [el];
  for (const step of steps) {
    const next: XmlElement[] = [];
    for (const node of level) {
      for (const c of node.children) if (matches(c, step)) next.push(c);
    }
    level = next;
  }
  return level;
}

/** Text of the element at `path` (or of `el` itself without a path), or undefined if absent. */
export function textOf(el: XmlElement | undefined, path?: string): string | undefined {
  const target = path ? find(el, path) : el;
  return target?.text;
}

/** True when `el` is the element `qname` (canonical prefix), e.g. `is(el, "t:Message")`. */
export function is(el: XmlElement, qname: string): boolean {
  return matches(el, compile(qname)[0]);
}
