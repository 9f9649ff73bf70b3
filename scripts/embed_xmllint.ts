/**
 * Writes `sim/schema/xmllint.wasm.gz.b64`: libxml2's xmllint as WebAssembly, taken from the
 * installed `xmllint-wasm` package, gzipped and base64-encoded so that it can be imported as text
 * and so travel inside the compiled binary (`deno task embed:xmllint`; run it after upgrading
 * xmllint-wasm; a test fails while the two differ).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const PACKAGE_WASM = `${ROOT}node_modules/xmllint-wasm/xmllint.wasm`;
export const EMBEDDED_WASM = `${ROOT}sim/schema/xmllint.wasm.gz.b64`;

/** Base64 in lines of 100 characters (decoders skip the line breaks). */
export function encodeWasm(wasm: Uint8Array): string {
  const base64 = gzipSync(wasm, { level: 9 }).toString("base64");
  return base64.replace(/.{1,100}/g, "$&\n");
}

if (import.meta.main) {
  const wasm = readFileSync(PACKAGE_WASM);
  writeFileSync(EMBEDDED_WASM, encodeWasm(wasm));
  console.log(`embed: ${EMBEDDED_WASM} from ${PACKAGE_WASM} (${wasm.length} bytes)`);
}
