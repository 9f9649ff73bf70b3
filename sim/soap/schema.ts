/**
 * Validation of SOAP documents against Microsoft's EWS schema (envelope.xsd and what it imports),
 * with libxml2 compiled to WebAssembly. Loaded only when validation is switched on; each call
 * compiles the schema once, so validating many documents in one call is much cheaper.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { decodeXmlText, stripIllegalXmlChars } from "../../ews/xml/mod.ts";

export interface SchemaError {
  /** Index of the document in the validated list. */
  document: number;
  line?: number;
  message: string;
}

export interface SchemaValidator {
  /** Validates documents in one pass; returns the errors per document index (empty = valid). */
  validate(documents: readonly string[]): Promise<SchemaError[][]>;
}

const SCHEMA_FILES = ["envelope.xsd", "soap-envelope.xsd", "messages.xsd", "types.xsd", "xml.xsd"];

/** `shared/ews-schema` beside the repository. */
export function defaultSchemaDir(): string {
  return fileURLToPath(new URL("../../../shared/ews-schema/", import.meta.url));
}

/** Drops characters and character references XML 1.0 cannot carry, as a client must. */
export function cleanForValidation(document: string): string {
  return stripIllegalXmlChars(document).replace(
    /&#(x[0-9a-fA-F]+|[0-9]+);/g,
    (ref) => decodeXmlText(ref) === "" ? "" : ref,
  );
}

export async function createSchemaValidator(
  schemaDir = defaultSchemaDir(),
): Promise<SchemaValidator> {
  const dir = schemaDir.endsWith("/") ? schemaDir : `${schemaDir}/`;
  const files = await Promise.all(
    SCHEMA_FILES.map(async (fileName) => ({
      fileName,
      contents: await readFile(`${dir}${fileName}`, "utf8"),
    })),
  );
  const { validateXML } = await import("xmllint-wasm");
  return {
    async validate(documents) {
      const perDocument: SchemaError[][] = documents.map(() => []);
      if (documents.length === 0) return perDocument;
      const result = await validateXML({
        xml: documents.map((contents, i) => ({
          fileName: `doc${i}.xml`,
          contents: cleanForValidation(contents),
        })),
        schema: [files[0]],
        preload: files.slice(1),
        maxMemoryPages: 16384,
      });
      for (const error of result.errors) {
        const match = /\bdoc(\d+)\.xml\b/.exec(error.loc?.fileName ?? error.rawMessage);
        if (!match) {
          // An error not tied to a document (e.g. the schema failed to load) fails them all.
          for (const list of perDocument) {
            list.push({ document: -1, message: error.message || error.rawMessage });
          }
          continue;
        }
        const document = Number(match[1]);
        perDocument[document].push({
          document,
          line: error.loc?.lineNumber,
          message: error.message,
        });
      }
      // xmllint closes each invalid document with a "fails to validate" summary; drop it when the
      // actual errors are known.
      return perDocument.map((list) => {
        const specific = list.filter((e) => !/fails to validate/.test(e.message));
        return specific.length ? specific : list;
      });
    },
  };
}
