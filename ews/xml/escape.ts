/**
 * XML escaping. Every value that reaches a document goes through here, so a subject such as
 * `</t:Subject><x>` or `]]>` round-trips as text and never becomes markup.
 */

// Characters XML 1.0 cannot carry at all, not even escaped: C0 controls other than tab, LF and
// CR, lone surrogates, and U+FFFE/U+FFFF.
const ILLEGAL_CHARS =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that XML 1.0 cannot represent. */
export function stripIllegalXmlChars(value: string): string {
  return value.replace(ILLEGAL_CHARS, "");
}

const TEXT_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#xD;",
};

/** Escapes a value for element text or an attribute value (quotes included, CR kept). */
export function escapeXml(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]);
}

/** True when a Unicode code point may appear in an XML 1.0 document. */
export function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xA || code === 0xD ||
    (code >= 0x20 && code <= 0xD7FF) ||
    (code >= 0xE000 && code <= 0xFFFD) ||
    (code >= 0x10000 && code <= 0x10FFFF);
}

const PREDEFINED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

/**
 * Decodes the five predefined entities and character references. Character references to
 * characters XML cannot carry (servers emit `&#x1A;` in bodies) are dropped, not fatal; any other
 * named entity is left as written, since we never expand document-defined entities.
 */
export function decodeXmlText(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X"
        ? parseInt(ref.slice(2), 16)
        : parseInt(ref.slice(1), 10);
      return isXmlChar(code) ? String.fromCodePoint(code) : "";
    }
    return PREDEFINED[ref] ?? whole;
  });
}
