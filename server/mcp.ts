/**
 * Builds MCP server instances from the tool list. The SDK asks for a fresh instance per HTTP
 * request or stdio connection; tools, schemas and the shared EWS runtime are reused by all.
 */
import { McpServer } from "@modelcontextprotocol/server";
import type { ToolDefinition } from "../tools/tool.ts";
import { runTool, type ToolRuntime } from "../tools/runner.ts";
import { withSignal } from "../ews/cancellation.ts";
import { VERSION } from "../version.ts";

const INSTRUCTIONS =
  "Tools for a Microsoft Exchange mailbox over EWS. Every tool acts on the service account's " +
  "own mailbox unless target_mailbox names another one (impersonation or delegate access, " +
  "when the server allows it); every result says which mailbox it touched. Use list_folders " +
  "to find folders, read_emails to page through one, get_email_details for a whole message.";

export function createMcpServerFactory(tools: ToolDefinition[], runtime: ToolRuntime) {
  return (): McpServer => {
    const server = new McpServer(
      { name: "ews-mcp", title: "Exchange (EWS)", version: VERSION },
      { instructions: INSTRUCTIONS },
    );
    for (const tool of tools) {
      server.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: tool.input,
          outputSchema: tool.output,
          annotations: { title: tool.title, ...tool.annotations },
        },
        async (args: Record<string, unknown>, ctx?: { mcpReq?: { signal?: AbortSignal } }) => {
          // A cancelled call aborts its EWS request (see ews/cancellation.ts).
          const outcome = await withSignal(ctx?.mcpReq?.signal, () => runTool(tool, args, runtime));
          if (!outcome.ok) {
            return { content: [{ type: "text" as const, text: outcome.error }], isError: true };
          }
          return {
            content: [{ type: "text" as const, text: JSON.stringify(outcome.result, null, 2) }],
            structuredContent: outcome.result,
          };
        },
      );
    }
    return server;
  };
}
