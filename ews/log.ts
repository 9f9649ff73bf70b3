/**
 * A small leveled logger. Everything goes to stderr: in stdio mode stdout belongs to the MCP
 * protocol, and one stray line there breaks the client.
 */
import process from "node:process";

export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";
const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export interface Logger {
  readonly level: LogLevel;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  level: LogLevel = "INFO",
  write: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Logger {
  const emit = (at: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields && Object.keys(fields).length > 0 ? " " + JSON.stringify(fields) : "";
    write(`${new Date().toISOString()} ${at.padEnd(7)} ${message}${extra}`);
  };
  return {
    level,
    debug: (m, f) => emit("DEBUG", m, f),
    info: (m, f) => emit("INFO", m, f),
    warn: (m, f) => emit("WARNING", m, f),
    error: (m, f) => emit("ERROR", m, f),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger("ERROR", () => {});
