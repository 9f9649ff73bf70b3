/** MCP over stdio: stdout carries only protocol messages; all logging goes to stderr. */
import type { McpServer } from "@modelcontextprotocol/server";
import { serveStdio, type StdioServerHandle } from "@modelcontextprotocol/server/stdio";
import type { Logger } from "../ews/log.ts";
import { StdioWire } from "./stdio_wire.ts";

export function startStdioServer(
  factory: () => McpServer,
  logger: Logger,
  maxMessageBytes: number,
): StdioServerHandle {
  const handle = serveStdio(factory, {
    transport: new StdioWire(maxMessageBytes),
    onerror: (error) => logger.warn("stdio: message not served", { error: error.message }),
  });
  logger.info("MCP over stdio ready");
  return handle;
}
