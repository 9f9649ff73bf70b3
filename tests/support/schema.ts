/**
 * Validates whole SOAP envelopes (EWS requests and replies) against Microsoft's EWS schema, carried
 * in `sim/schema/` (the same embedded copy the simulator's `validateSchema` mode uses).
 *
 * libxml2 (compiled to wasm, `sim/schema/xmllint.ts`, as the simulator uses it) compiles the schema on every call, which costs a
 * few hundred milliseconds, so validate documents in batches: collect the envelopes a test
 * produced and hand them all to one `validateEnvelopes` / `assertSchemaValid` call.
 *
 * A request that fails here is one that Exchange would answer with `ErrorSchemaValidation`.
 */
import { fileURLToPath } from "node:url";
import { validateXML } from "../../sim/schema/xmllint.ts";
import type { SchemaFile } from "../../sim/schema/mod.ts";

/** Namespace URIs shortened to the usual prefixes in error messages, for readability. */
const SHORT_NAMESPACES: [string, string][] = [
  ["{http://schemas.microsoft.com/exchange/services/2006/messages}", "m:"],
  ["{http://schemas.microsoft.com/exchange/services/2006/types}", "t:"],
  ["{http://schemas.xmlsoap.org/soap/envelope/}", "s:"],
];

export interface EnvelopeDoc {
  /** Shown in results and errors; any text. */
  name: string;
  xml: string;
}

export interface EnvelopeResult {
  name: string;
  valid: boolean;
  /** xmllint's messages for this document (empty when valid), as `line N: message`. */
  errors: string[];
}

/** XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
}

const CHAR_REF = /&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;
// Raw C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF: never legal in XML 1.0.
const RAW_ILLEGAL =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes character references to characters XML 1.0 forbids (`&#x1A;`, `&#0;`, ...) — real
 * Exchange servers send them in message text — and raw forbidden characters. This is what a
 * client has to do before any XML parser will accept such a reply.
 */
export function stripIllegalXmlChars(xml: string): string {
  return xml
    .replace(CHAR_REF, (ref, hex: string | undefined, dec: string | undefined) => {
      const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
      return isXmlChar(cp) ? ref : "";
    })
    .replace(RAW_ILLEGAL, "");
}

let schemaFiles: Promise<{ main: SchemaFile; imports: SchemaFile[] }> | undefined;

/**
 * The embedded schema. Imported on first use so that a missing or unreadable file fails the
 * tests that validate (with the file's name), not the loading of every test module.
 */
export function loadSchema(): Promise<{ main: SchemaFile; imports: SchemaFile[] }> {
  schemaFiles ??= loadSchemaModule(new URL("../../sim/schema/mod.ts", import.meta.url).href);
  return schemaFiles;
}

/** Imports a schema module like `sim/schema/mod.ts`; the error names the directory and file. */
export async function loadSchemaModule(
  url: string,
): Promise<{ main: SchemaFile; imports: SchemaFile[] }> {
  try {
    const { IMPORTED_SCHEMAS, MAIN_SCHEMA } = await import(url);
    return { main: MAIN_SCHEMA, imports: [...IMPORTED_SCHEMAS] };
  } catch (error) {
    const dir = fileURLToPath(new URL(".", url));
    throw new Error(`The EWS schema could not be loaded from ${dir}: ${(error as Error).message}`);
  }
}

function shorten(message: string): string {
  let out = message;
  for (const [uri, prefix] of SHORT_NAMESPACES) out = out.replaceAll(uri, prefix);
  return out;
}

/** The file name a document gets inside xmllint's in-memory file system. */
function slotName(i: number): string {
  return `doc${i}.xml`;
}

/**
 * Splits xmllint's combined output into per-document verdicts. Lines look like
 * `doc3.xml:12: Schemas validity error : ...`, `doc3.xml validates`, `doc3.xml fails to
 * validate`; parser errors add context lines (the offending source line and a caret) that belong
 * to the document named just before them.
 */
function attribute(output: string, count: number): { validates: boolean; errors: string[] }[] {
  const verdicts = Array.from(
    { length: count },
    () => ({ validates: false, errors: [] as string[] }),
  );
  const lineRe = /^doc(\d+)\.xml(?::(\d+):\s*(.*)| (validates|fails to validate))$/;
  let current: number | undefined;
  for (const line of output.split("\n")) {
    if (line.trim() === "") continue;
    const m = lineRe.exec(line);
    const index = m ? Number(m[1]) : NaN;
    if (m && index < count) {
      current = index;
      if (m[4] === "validates") verdicts[index].validates = true;
      else if (m[4] === undefined) verdicts[index].errors.push(`line ${m[2]}: ${shorten(m[3])}`);
      continue;
    }
    // Context lines of a parser error: keep them with the message they illustrate.
    if (current !== undefined && verdicts[current].errors.length > 0) {
      const errors = verdicts[current].errors;
      errors[errors.length - 1] += `\n    ${line}`;
    }
  }
  return verdicts;
}

/**
 * Validates every document against `envelope.xsd` in a single xmllint run. Illegal character
 * references are stripped first. Results come back in input order.
 */
export async function validateEnvelopes(docs: EnvelopeDoc[]): Promise<EnvelopeResult[]> {
  if (docs.length === 0) return [];
  const { main, imports } = await loadSchema();
  const totalSize = docs.reduce((n, d) => n + d.xml.length, 0);
  let output: string;
  try {
    const result = await validateXML({
      xml: docs.map((d, i) => ({ fileName: slotName(i), contents: stripIllegalXmlChars(d.xml) })),
      schema: [main],
      preload: imports,
      // Memory grows on demand; the cap leaves room for the compiled schema (fits in 32 MiB)
      // plus the documents' trees, so large batches do not run out of memory.
      maxMemoryPages: Math.min(65536, 1024 + Math.ceil((totalSize * 8) / 65536)),
    });
    output = result.rawOutput;
  } catch (e) {
    // validateXML rejects when xmllint's exit code is not a validation failure. A malformed
    // document (exit code 1) still leaves per-document output worth reporting; a schema that does
    // not compile (5) or anything else is a real failure.
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    if (code === 1 && /^doc\d+\.xml/m.test(message)) output = message;
    else throw new Error(`xmllint failed (exit code ${String(code)}): ${message}`);
  }
  const verdicts = attribute(output, docs.length);
  return docs.map((d, i) => {
    const v = verdicts[i];
    const valid = v.validates && v.errors.length === 0;
    const errors = valid || v.errors.length > 0 ? v.errors : ["xmllint reported no result"];
    return { name: d.name, valid, errors };
  });
}

/**
 * Validates all documents in one run and throws a single error that lists every invalid
 * document with its messages.
 */
export async function assertSchemaValid(docs: EnvelopeDoc[]): Promise<void> {
  const results = await validateEnvelopes(docs);
  const invalid = results.filter((r) => !r.valid);
  if (invalid.length === 0) return;
  const lines = [
    `${invalid.length} of ${results.length} SOAP envelope(s) do not match the EWS schema:`,
  ];
  for (const r of invalid) {
    lines.push(`- ${r.name}:`);
    for (const err of r.errors) lines.push(`    ${err}`);
  }
  throw new Error(lines.join("\n"));
}
