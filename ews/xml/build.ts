/**
 * The one XML builder. Elements are plain data; `renderXml` writes them and escapes every text
 * and attribute value on the way out, so no caller ever concatenates markup by hand.
 */
import { escapeXml } from "./escape.ts";

export interface XmlNode {
  /** Qualified name as written, e.g. `t:Subject`. */
  name: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  children?: XmlChild[];
}

/** A child is an element, text (escaped when rendered), or nothing (skipped). */
export type XmlChild = XmlNode | string | number | boolean | null | undefined | false;

/**
 * Builds an element: `x("t:Subject", {}, subject)` or `x("t:FieldURI", { FieldURI: "item:Subject" })`.
 * Children that are `undefined`, `null` or `false` are left out, which keeps optional fields terse.
 */
export function x(
  name: string,
  attrs?: XmlNode["attrs"] | null,
  ...children: (XmlChild | XmlChild[])[]
): XmlNode {
  const flat: XmlChild[] = [];
  for (const child of children) {
    if (Array.isArray(child)) flat.push(...child);
    else flat.push(child);
  }
  return { name, attrs: attrs ?? undefined, children: flat };
}

/** Renders a node (and its subtree) to a string. */
export function renderXml(node: XmlNode): string {
  const parts: string[] = [];
  write(node, parts);
  return parts.join("");
}

function write(node: XmlNode, out: string[]): void {
  out.push("<", node.name);
  if (node.attrs) {
    for (const [key, value] of Object.entries(node.attrs)) {
      if (value === undefined) continue;
      out.push(" ", key, '="', escapeXml(String(value)), '"');
    }
  }
  const children = node.children?.filter((c) => c !== undefined && c !== null && c !== false);
  if (!children || children.length === 0) {
    out.push("/>");
    return;
  }
  out.push(">");
  for (const child of children) {
    if (typeof child === "object") write(child as XmlNode, out);
    else out.push(escapeXml(String(child)));
  }
  out.push("</", node.name, ">");
}

/** Renders a complete document with the XML declaration. */
export function renderXmlDocument(root: XmlNode): string {
  return '<?xml version="1.0" encoding="utf-8"?>' + renderXml(root);
}
