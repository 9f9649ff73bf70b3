/**
 * A second, independent XML reader for differential tests of `ews/xml/parse.ts`: fast-xml-parser
 * (a general, well-kept parser) checks well-formedness and parses; this file only resolves
 * namespaces into the same tree shape. Our own single-pass parser must build the same tree for
 * every document this one accepts, and must refuse whatever this one refuses.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { decodeXmlText, NS, stripIllegalXmlChars, type XmlElement } from "../../ews/xml/mod.ts";

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
});

type RawNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/** The oracle's tree for `document`, or an Error when it refuses the document. */
export function oracleParse(document: string): XmlElement | Error {
  if (/<!DOCTYPE/i.test(document)) return new Error("DTD");
  // Legal character references stay for decoding; the ones XML 1.0 forbids are dropped, as the
  // product does (servers emit `&#x1A;`).
  const cleaned = stripIllegalXmlChars(document).replace(
    /&#(x[0-9a-fA-F]+|[0-9]+);/g,
    (ref) => decodeXmlText(ref) === "" ? "" : ref,
  );
  const verdict = XMLValidator.validate(cleaned, { allowBooleanAttributes: false });
  if (verdict !== true) return new Error(`line ${verdict.err.line}: ${verdict.err.msg}`);
  let raw: RawNode[];
  try {
    raw = parser.parse(cleaned) as RawNode[];
  } catch (error) {
    return error as Error;
  }
  const root = raw.find((node) => elementName(node) !== undefined);
  return root ? convert(root, new Map([["xml", NS.xml]])) : new Error("no root element");
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
  const element: XmlElement = {
    ns: scope.get(colon < 0 ? "" : qname.slice(0, colon)) ?? "",
    name: colon < 0 ? qname : qname.slice(colon + 1),
    attrs,
    children: [],
    text: "",
  };
  let text = "";
  for (const child of node[qname] as RawNode[]) {
    if ("#text" in child) text += decodeXmlText(String(child["#text"]));
    else if ("#cdata" in child) {
      for (const part of child["#cdata"] as RawNode[]) text += String(part["#text"] ?? "");
    } else element.children.push(convert(child, scope));
  }
  // Whitespace between child elements is layout, not content (as in the product's tree).
  element.text = element.children.length > 0 && text.trim() === "" ? "" : text;
  return element;
}
