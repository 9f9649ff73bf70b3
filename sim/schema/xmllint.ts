/**
 * libxml2's `xmllint` compiled to WebAssembly (from the `xmllint-wasm` package), run in a Web
 * Worker built from embedded text. The package itself starts its worker from a file path inside
 * node_modules, which a compiled binary does not have; here the worker's code is imported as text
 * and the wasm travels as gzipped base64 text (`xmllint.wasm.gz.b64`, written by
 * `deno task embed:xmllint`), so validation works under `deno run`, `deno compile` and
 * `bun build --compile` alike. Each call runs xmllint once in a fresh worker, off the main thread.
 */
import { Buffer } from "node:buffer";
import { gunzipSync } from "node:zlib";
import glue from "xmllint-wasm/xmllint-browser.mjs" with { type: "text" };
import wasmGzBase64 from "./xmllint.wasm.gz.b64" with { type: "text" };

export interface XmlFile {
  fileName: string;
  contents: string;
}

export interface XmllintOptions {
  /** Documents to validate. */
  xml: readonly XmlFile[];
  /** Schemas to validate against (`--schema`). */
  schema: readonly XmlFile[];
  /** Further files the schemas read (imports); xmllint sees them in its in-memory file system. */
  preload?: readonly XmlFile[];
  /** WebAssembly memory cap in 64 KiB pages (default 512 = 32 MiB). */
  maxMemoryPages?: number;
}

export interface XmllintError {
  rawMessage: string;
  message: string;
  loc: { fileName: string; lineNumber: number } | null;
}

export interface XmllintResult {
  valid: boolean;
  errors: XmllintError[];
  /** Everything xmllint wrote to stderr (per-file verdicts and messages). */
  rawOutput: string;
}

interface WorkerReply {
  exitCode: number;
  stderr: string;
}

const INITIAL_MEMORY_PAGES = 256;
const DEFAULT_MAX_MEMORY_PAGES = 512;

/** The package's worker script runs xmllint on messages; we replace that part with ours. */
const WORKER_MARKER = ";(function initWorker()";

/** Runs Emscripten's `Module` once per message and posts the exit code and stderr back. */
const WORKER_MAIN = `
self.onmessage = async (event) => {
  const { inputFiles, args, wasmBinary, initialMemory, maxMemory } = event.data;
  let stderr = "";
  const reply = (exitCode) => self.postMessage({ exitCode, stderr });
  try {
    await Module({
      inputFiles,
      arguments: args,
      wasmBinary,
      wasmMemory: new WebAssembly.Memory({ initial: initialMemory, maximum: maxMemory }),
      print: () => {},
      printErr: (text) => { stderr += text + "\\n"; },
      onExit: reply,
      onAbort: (reason) => { stderr += "WASM Abort: " + reason + "\\n"; reply(-1); },
    });
  } catch (error) {
    stderr += String(error) + "\\n";
    reply(-1);
  }
};
`;

let workerUrl: string | undefined;
let wasmBinary: Uint8Array | undefined;

function workerSource(): string {
  const source = String(glue);
  const cut = source.indexOf(WORKER_MARKER);
  if (cut < 0) throw new Error("xmllint-wasm's worker script has an unexpected shape");
  return source.slice(0, cut) + WORKER_MAIN;
}

function runXmllint(message: Record<string, unknown>): Promise<WorkerReply> {
  workerUrl ??= URL.createObjectURL(new Blob([workerSource()], { type: "text/javascript" }));
  wasmBinary ??= new Uint8Array(gunzipSync(Buffer.from(String(wasmGzBase64), "base64")));
  const worker = new Worker(workerUrl, { type: "module" });
  return new Promise<WorkerReply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => resolve(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      reject(new Error(`xmllint worker failed: ${event.message}`));
    };
    worker.postMessage({ ...message, wasmBinary });
  }).finally(() => worker.terminate());
}

/** One xmllint line `file:line: message` or a line that names no place. */
function parseError(line: string): XmllintError {
  const [fileName, lineNumber, ...rest] = line.split(":");
  if (fileName && lineNumber && rest.length && /^\d+$/.test(lineNumber)) {
    return {
      rawMessage: line,
      message: rest.join(":").trim(),
      loc: { fileName, lineNumber: Number(lineNumber) },
    };
  }
  return { rawMessage: line, message: line, loc: null };
}

/**
 * Validates documents against schemas in one xmllint run, as `xmllint --schema S --noout D…`.
 * Resolves for "valid" (exit code 0) and "invalid" (3, 4); rejects with the output and `code`
 * for anything else (a document that is not well-formed: 1; a schema that does not compile: 5).
 */
export async function validateXML(options: XmllintOptions): Promise<XmllintResult> {
  const args = [
    ...options.schema.flatMap((schema) => ["--schema", schema.fileName]),
    "--noout",
    ...options.xml.map((doc) => doc.fileName),
  ];
  const maxMemory = options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES;
  const { exitCode, stderr } = await runXmllint({
    inputFiles: [...options.xml, ...options.schema, ...(options.preload ?? [])],
    args,
    initialMemory: Math.min(INITIAL_MEMORY_PAGES, maxMemory),
    maxMemory,
  });
  if (exitCode !== 0 && exitCode !== 3 && exitCode !== 4) {
    throw Object.assign(new Error(stderr), { code: exitCode });
  }
  const valid = exitCode === 0;
  const errors = valid ? [] : stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/ validates$/.test(line.trim()))
    .map(parseError);
  return { valid, errors, rawOutput: stderr };
}
