/**
 * The tool surface as MCP clients receive it, for a given configuration: the server is built
 * exactly as in production and listed through the SDK client over an in-memory transport (no
 * Exchange is contacted). Used by the budget tests, the README generator and the benchmark.
 */
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createApp } from "../app.ts";
import { parseCli } from "../config/cli.ts";
import { loadConfig } from "../config/config.ts";
import { createLogger } from "../ews/log.ts";
import { jsonBytes } from "../tools/json_schema.ts";

export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface Surface {
  tools: ListedTool[];
  instructions: string;
  listChanged: boolean;
}

/** Lists the tools a server configured by `env` (and CLI flags) offers a stateful session. */
export async function listSurface(
  env: Record<string, string> = {},
  flags: string[] = [],
): Promise<Surface> {
  const config = loadConfig({
    EWS_SERVER_URL: "https://exchange.invalid",
    EWS_EMAIL: "svc@contoso.test",
    EWS_PASSWORD: "unused",
    ...env,
  }, parseCli(flags));
  const app = createApp(config, createLogger("ERROR", () => {}));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = app.createServer({ stateful: true });
  await server.connect(serverSide);
  const client = new Client({ name: "ews-mcp-surface", version: "1.0.0" });
  await client.connect(clientSide);
  try {
    const { tools } = await client.listTools();
    return {
      tools: tools as ListedTool[],
      instructions: client.getInstructions() ?? "",
      listChanged: client.getServerCapabilities()?.tools?.listChanged === true,
    };
  } finally {
    await client.close();
    await server.close();
    app.close();
  }
}

/** What a client hands the model for a tool: compact JSON of name, description, input schema. */
export function modelBytes(tool: ListedTool): number {
  return jsonBytes({
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
  });
}

/** The whole `tools/list` entry (output schema, annotations and title included). */
export function entryBytes(tool: ListedTool): number {
  return jsonBytes(tool);
}

/** The profiles users choose between, as configurations. */
export const PROFILE_CONFIGS: { name: string; env: Record<string, string>; what: string }[] = [
  { name: "default", env: {}, what: "no toolset named" },
  { name: "all", env: { EWS_TOOLSETS: "all" }, what: "`--toolsets all`" },
  {
    name: "read-only (all)",
    env: { EWS_TOOLSETS: "all", EWS_READ_ONLY: "true" },
    what: "`--toolsets all --read-only`",
  },
  {
    name: "dynamic (start)",
    env: { EWS_DYNAMIC_TOOLSETS: "true" },
    what: "`--dynamic-toolsets`, before any toolset is enabled",
  },
];

export interface ProfileSize {
  name: string;
  what: string;
  tools: number;
  /** Sum of what the model is given per tool (name, description, input schema). */
  model_bytes: number;
  /** The whole tools/list result entries. */
  list_bytes: number;
  instructions_bytes: number;
}

export async function profileSizes(): Promise<ProfileSize[]> {
  const out: ProfileSize[] = [];
  for (const profile of PROFILE_CONFIGS) {
    const surface = await listSurface(profile.env);
    out.push({
      name: profile.name,
      what: profile.what,
      tools: surface.tools.length,
      model_bytes: surface.tools.reduce((sum, t) => sum + modelBytes(t), 0),
      list_bytes: surface.tools.reduce((sum, t) => sum + entryBytes(t), 0),
      instructions_bytes: jsonBytes(surface.instructions) - 2,
    });
  }
  return out;
}
