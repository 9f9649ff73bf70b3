/**
 * Microsoft's EWS schema, imported as text so that it is part of the module graph: `deno run`
 * reads it from this directory, and `bun build --compile` / `deno compile` embed it in the
 * binary, so schema validation needs no files beside the program. Import this module dynamically
 * where validation is optional: the schema is about 700 KB of text.
 */
import envelope from "./envelope.xsd" with { type: "text" };
import messages from "./messages.xsd" with { type: "text" };
import soapEnvelope from "./soap-envelope.xsd" with { type: "text" };
import types from "./types.xsd" with { type: "text" };
import xml from "./xml.xsd" with { type: "text" };

export interface SchemaFile {
  /** The name the schemas use for each other in `schemaLocation`. */
  fileName: string;
  contents: string;
}

/** The entry point: imports the SOAP envelope, messages and types schemas. */
export const MAIN_SCHEMA: SchemaFile = { fileName: "envelope.xsd", contents: envelope };

/** Everything the entry point pulls in (validators here do no I/O, so these are preloaded). */
export const IMPORTED_SCHEMAS: readonly SchemaFile[] = [
  { fileName: "soap-envelope.xsd", contents: soapEnvelope },
  { fileName: "messages.xsd", contents: messages },
  { fileName: "types.xsd", contents: types },
  { fileName: "xml.xsd", contents: xml },
];
