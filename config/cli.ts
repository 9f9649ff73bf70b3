/** Command-line parsing: `ews-mcp [serve flags]` or `ews-mcp sim [flags]`. */
import { parseArgs } from "node:util";

export interface CliArgs {
  command: "serve" | "sim";
  help: boolean;
  version: boolean;
  demo: boolean;
  readOnly: boolean;
  /** Toolsets and profiles to load, comma-separated (`--toolsets mail,calendar`). */
  toolsets?: string;
  dynamicToolsets: boolean;
  transport?: string;
  host?: string;
  port?: string;
  /** Simulator only: validate every request against the EWS schema. */
  validate: boolean;
  /** Simulator only: delay every reply by this many milliseconds. */
  latencyMs?: number;
}

export const USAGE = `ews-mcp: an MCP server for Microsoft Exchange mailboxes over EWS

Usage:
  ews-mcp [--transport stdio|http] [--host H] [--port P] [--demo] [--read-only]
          [--toolsets LIST] [--dynamic-toolsets]
  ews-mcp sim [--host H] [--port P] [--validate] [--latency MS]

Options:
  --transport stdio|http  How MCP clients connect (default stdio; MCP_TRANSPORT)
  --host H                HTTP bind address (default 127.0.0.1; MCP_HOST)
  --port P                HTTP port (default 8000; MCP_PORT)
  --demo                  Run against a built-in simulated Exchange with demo mailboxes
  --read-only             Register only read-only tools (EWS_READ_ONLY=true)
  --toolsets LIST         Tools to load, comma-separated (EWS_TOOLSETS): mail, attachments,
                          folders, calendar, contacts, tasks, out-of-office, or the profiles
                          default (the first five) and all
  --dynamic-toolsets      Start with list_toolsets/enable_toolset only and load toolsets on
                          demand (EWS_DYNAMIC_TOOLSETS=true; stdio; HTTP serves LIST)
  --help                  Show this help
  --version               Show the version

Commands:
  sim                     Run the EWS simulator alone and print its URL and demo accounts

Simulator options (sim and --demo):
  --validate              Check every request against the EWS schema; invalid ones get
                          ErrorSchemaValidation, as Exchange answers them
  --latency MS            Delay every reply by MS milliseconds

Configuration comes from the environment, a .env file in the working directory, and these
flags (flags win). See README.md for every variable.`;

/** Parses argv (without the runtime and script); throws with a readable message on bad flags. */
export function parseCli(argv: string[]): CliArgs {
  // `deno task start -- --help` passes the `--` on; no argument of ours needs it, so drop it.
  const { values, positionals } = parseFlags(argv.filter((arg) => arg !== "--"));
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== "sim")) {
    throw new Error(`unknown command: ${positionals.join(" ")} (the only command is "sim")`);
  }
  const command = positionals[0] === "sim" ? "sim" : "serve";
  if (command === "serve" && !values.demo && (values.validate || values.latency !== undefined)) {
    throw new Error("--validate and --latency apply to the simulator only (sim or --demo)");
  }
  const latencyMs = values.latency === undefined ? undefined : Number(values.latency);
  if (latencyMs !== undefined && !(Number.isInteger(latencyMs) && latencyMs >= 0)) {
    throw new Error(`--latency needs a whole number of milliseconds, not "${values.latency}"`);
  }
  return {
    command,
    help: values.help ?? false,
    version: values.version ?? false,
    demo: values.demo ?? false,
    readOnly: values["read-only"] ?? false,
    toolsets: values.toolsets,
    dynamicToolsets: values["dynamic-toolsets"] ?? false,
    transport: values.transport,
    host: values.host,
    port: values.port,
    validate: values.validate ?? false,
    latencyMs,
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
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
        toolsets: { type: "string" },
        "dynamic-toolsets": { type: "boolean", default: false },
        validate: { type: "boolean", default: false },
        latency: { type: "string" },
      },
    });
  } catch (error) {
    // node:util's own wording suggests `-- "--x` (with an unmatched quote); say it plainly.
    const { code, message } = error as { code?: string; message: string };
    const option = /'([^']+)'/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
      throw new Error(`unknown option ${option}`);
    }
    throw error;
  }
}
