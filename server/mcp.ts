/**
 * Builds MCP server instances from the tool surface. The SDK asks for a fresh instance per HTTP
 * request or stdio connection; tools, schemas and the shared EWS runtime are reused by all.
 *
 * What a model pays for is kept small here, once for every tool: input and output schemas are
 * emitted lean (`tools/json_schema.ts`), shared conventions live in the instructions, and the
 * text content of a result is compact JSON of the tool's view (`tools/result_text.ts`), while
 * `structuredContent` carries the complete result.
 */
import { McpServer, type RegisteredTool } from "@modelcontextprotocol/server";
import { leanSchema } from "../tools/json_schema.ts";
import { resultText } from "../tools/result_text.ts";
import { runTool, type ToolRuntime } from "../tools/runner.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import type { Toolset } from "../tools/toolsets.ts";
import { callerOf } from "./caller.ts";
import { answerBadParamsWithInvalidParams } from "./jsonrpc.ts";
import { VERSION } from "../version.ts";
import { serverInstructions } from "./instructions.ts";
import { registerToolsetTools } from "./toolset_tools.ts";

/** What a server instance offers. */
export interface ToolSurface {
  /** The tools served from the start; also the fallback when the list cannot change. */
  tools: ToolDefinition[];
  /** Dynamic mode (`--dynamic-toolsets`): toolsets loaded on demand. */
  dynamic?: DynamicSurface;
}

export interface DynamicSurface {
  /** Toolsets that may be loaded (switched on by configuration), each with its tools. */
  toolsets: { toolset: Toolset; tools: ToolDefinition[] }[];
  /** Names of the toolsets loaded at start. */
  initial: ReadonlySet<string>;
}

export interface SessionOptions {
  /**
   * The connection keeps this server instance for its whole life (stdio, in-memory), so its tool
   * list can change. Stateless HTTP builds an instance per request: it gets the fixed surface.
   */
  stateful?: boolean;
}

export function createMcpServerFactory(surface: ToolSurface, runtime: ToolRuntime) {
  return (session: SessionOptions = {}): McpServer => {
    const dynamic = session.stateful === true ? surface.dynamic : undefined;
    const server = new McpServer(
      { name: "ews-mcp", title: "Exchange (EWS)", version: VERSION },
      {
        instructions: serverInstructions({ dynamic: dynamic !== undefined }),
        // listChanged only where the list can change; the SDK would otherwise claim it.
        capabilities: { tools: { listChanged: dynamic !== undefined } },
      },
    );
    answerBadParamsWithInvalidParams(server);
    const register = (tool: ToolDefinition) => registerTool(server, tool, runtime);
    if (dynamic) registerToolsetTools(server, dynamic, register);
    else surface.tools.forEach(register);
    return server;
  };
}

function registerTool(
  server: McpServer,
  tool: ToolDefinition,
  runtime: ToolRuntime,
): RegisteredTool {
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: leanSchema(tool.input),
      outputSchema: leanSchema(tool.output),
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (args: unknown, extra) => {
      const outcome = await runTool(
        tool,
        args as Record<string, unknown>,
        runtime,
        callerOf(extra?.http?.authInfo),
      );
      if (!outcome.ok) {
        return { content: [{ type: "text" as const, text: outcome.error }], isError: true };
      }
      const view = tool.view ? tool.view(outcome.result) : outcome.result;
      return {
        content: [{ type: "text" as const, text: resultText(view) }],
        structuredContent: outcome.result,
      };
    },
  );
}
