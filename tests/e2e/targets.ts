/**
 * The programs the end-to-end tests drive: the source through Deno, and the compiled binary
 * (`EWS_MCP_BINARY`, or `dist/ews-mcp` after `deno task compile`).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TOOL_MODULES } from "../../tools/registry.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface Target {
  name: string;
  command: string;
  args: string[];
  /** Why the target cannot run here, if it cannot. */
  missing?: string;
}

/** Every tool the registry has, sorted: what a server with default settings lists. */
export const ALL_TOOLS: string[] = TOOL_MODULES.flatMap((m) => m.tools.map((t) => t.name)).sort();

const binary = Deno.env.get("EWS_MCP_BINARY") ?? `${REPO}dist/ews-mcp`;

export const TARGETS: Target[] = [
  {
    name: "deno run mod.ts",
    command: Deno.execPath(),
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", `${REPO}mod.ts`],
  },
  {
    name: "compiled binary",
    command: binary,
    args: [],
    missing: existsSync(binary) ? undefined : `${binary} not found (run: deno task compile)`,
  },
];

for (const target of TARGETS) {
  if (target.missing) {
    console.warn(`\n!!! SKIPPING end-to-end tests of the ${target.name}: ${target.missing}\n`);
  }
}

/** Environment for a child: no inherited EWS_/MCP_ settings, so tests see only what they set. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(Deno.env.toObject())) {
    if (!/^(EWS_|MCP_|ENABLE_|LOG_LEVEL|TIMEZONE|REQUEST_TIMEOUT)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}
