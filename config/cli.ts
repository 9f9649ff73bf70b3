/** Command-line parsing: `ews-mcp [serve flags]` or `ews-mcp sim [flags]`. */
import { parseArgs } from "node:util";

export interface CliArgs {
  command: "serve" | "sim" | "check";
  /** `check --mailbox`: mailboxes to try reaching. */
  mailboxes: string[];
  help: boolean;
  version: boolean;
  demo: boolean;
  readOnly: boolean;
  transport?: string;
  host?: string;
  port?: string;
}

export const USAGE = `ews-mcp: an MCP server for Microsoft Exchange mailboxes over EWS

Usage:
  ews-mcp [--transport stdio|http] [--host H] [--port P] [--demo] [--read-only]
  ews-mcp sim [--host H] [--port P]
  ews-mcp check [--mailbox ADDRESS]... [--demo]

Options:
  --transport stdio|http  How MCP clients connect (default stdio; MCP_TRANSPORT)
  --host H                HTTP bind address (default 127.0.0.1; MCP_HOST)
  --port P                HTTP port (default 8000; MCP_PORT)
  --demo                  Run against a built-in simulated Exchange with demo mailboxes
  --read-only             Register only read-only tools (EWS_READ_ONLY=true)
  --help                  Show this help
  --version               Show the version

Commands:
  sim                     Run the EWS simulator alone and print its URL and demo accounts
  check                   Test the connection, sign-in and access to each --mailbox, and say
                          how to fix what fails (exit status 0 only when all works)

Configuration comes from the environment, a .env file in the working directory, and these
flags (flags win). See README.md for every variable.`;

/** Parses argv (without the runtime and script); throws with a readable message on bad flags. */
export function parseCli(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h", default: false },
      version: { type: "boolean", short: "V", default: false },
      demo: { type: "boolean", default: false },
      "read-only": { type: "boolean", default: false },
      transport: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      mailbox: { type: "string", multiple: true },
    },
  });
  const command = positionals[0];
  if (
    positionals.length > 1 || (command !== undefined && command !== "sim" && command !== "check")
  ) {
    throw new Error(`unknown command: ${positionals.join(" ")} (commands: sim, check)`);
  }
  if (values.mailbox?.length && command !== "check") {
    throw new Error("--mailbox belongs to the check command");
  }
  return {
    command: command === "sim" || command === "check" ? command : "serve",
    mailboxes: values.mailbox ?? [],
    help: values.help ?? false,
    version: values.version ?? false,
    demo: values.demo ?? false,
    readOnly: values["read-only"] ?? false,
    transport: values.transport,
    host: values.host,
    port: values.port,
  };
}
