/**
 * JSON log lines (`LOG_FORMAT=json`) for log collectors: one object per line with the time, the
 * level, the message, the fields, and the id and caller of the HTTP request being served.
 */
import process from "node:process";
import type { Logger, LogLevel } from "../ews/log.ts";
import { currentRequest } from "./context.ts";

const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export function createJsonLogger(
  level: LogLevel = "INFO",
  write: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Logger {
  const emit = (at: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const request = currentRequest();
    write(JSON.stringify({
      time: new Date().toISOString(),
      level: at,
      msg: message,
      ...(request ? { requestId: request.requestId, caller: request.caller } : {}),
      ...fields,
    }));
  };
  return {
    level,
    debug: (m, f) => emit("DEBUG", m, f),
    info: (m, f) => emit("INFO", m, f),
    warn: (m, f) => emit("WARNING", m, f),
    error: (m, f) => emit("ERROR", m, f),
  };
}
