/** How the benchmark runs the ews-mcp server as its own process. */
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The compiled binary (EWS_MCP_BINARY or dist/ews-mcp) when present, else the source. */
export function serverCommand(source: boolean): { command: string; args: string[]; label: string } {
  const binary = process.env.EWS_MCP_BINARY ?? `${REPO}dist/ews-mcp`;
  if (!source && existsSync(binary)) {
    return { command: binary, args: [], label: `${binary.replace(REPO, "")} (compiled binary)` };
  }
  return {
    command: Deno.execPath(),
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--config",
      `${REPO}deno.json`,
      `${REPO}mod.ts`,
    ],
    label: "deno run mod.ts",
  };
}
