/** MCP over stdio: stdout carries only protocol messages; all logging goes to stderr. */
import type { McpServer } from "@modelcontextprotocol/server";
import { serveStdio, type StdioServerHandle } from "@modelcontextprotocol/server/stdio";
import type { Logger } from "../ews/log.ts";

export function startStdioServer(factory: () => McpServer, logger: Logger): StdioServerHandle {
  const handle = serveStdio(factory, {
    onerror: (error) => logger.error("stdio transport error", { error: error.message }),
  });
  logger.info("MCP over stdio ready");
  return handle;
}
