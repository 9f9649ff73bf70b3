/**
 * Validation of SOAP documents against Microsoft's EWS schema (`sim/schema/`, embedded in the
 * program), with libxml2 compiled to WebAssembly. Loaded only when validation is switched on; each
 * call compiles the schema once, so validating many documents in one call is much cheaper.
 */
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

/** Drops characters and character references XML 1.0 cannot carry, as a client must. */
export function cleanForValidation(document: string): string {
  return stripIllegalXmlChars(document).replace(
    /&#(x[0-9a-fA-F]+|[0-9]+);/g,
    (ref) => decodeXmlText(ref) === "" ? "" : ref,
  );
}

export async function createSchemaValidator(): Promise<SchemaValidator> {
  // Imported here, not at the top: the schema's text and libxml2 are loaded only when asked for.
  const { IMPORTED_SCHEMAS, MAIN_SCHEMA } = await import("../schema/mod.ts");
  const { validateXML } = await import("../schema/xmllint.ts");
  return {
    async validate(documents) {
      const perDocument: SchemaError[][] = documents.map(() => []);
      if (documents.length === 0) return perDocument;
      const result = await validateXML({
        xml: documents.map((contents, i) => ({
          fileName: `doc${i}.xml`,
          contents: cleanForValidation(contents),
        })),
        schema: [MAIN_SCHEMA],
        preload: [...IMPORTED_SCHEMAS],
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
