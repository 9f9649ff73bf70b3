/**
 * The audit trail of work done in mailboxes other than the service account's own: one JSON line
 * per operation, saying when, what, who acted, on whose mailbox, how, and how it ended. Bodies,
 * passwords and tokens never appear here.
 */
import { appendFileSync } from "node:fs";
import process from "node:process";

export interface AuditEntry {
  /** The operation, e.g. the tool name `read_emails`. */
  operation: string;
  targetMailbox: string;
  access: string;
  /**
   * `denied`: the mailbox policy refused it; `refused`: stopped before reaching Exchange (an id
   * of another mailbox).
   */
  outcome: "success" | "error" | "denied" | "refused";
  /** Error kind and ResponseCode when it failed; the rule when the mailbox policy refused it. */
  error?: string;
  /** Who asked: an API key's name, a token's subject, or `local` (stdio). */
  caller?: string;
  /** The mailbox an id in the request really belongs to, when the call was refused for it. */
  idOwner?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
}

export interface AuditLogOptions {
  serviceAccount: string;
  /** File to append JSON lines to; without one, lines go to stderr when `toStderr` is set. */
  file?: string;
  toStderr?: boolean;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const write = options.file
    ? (line: string) => appendFileSync(options.file!, line + "\n", { mode: 0o600 })
    : options.toStderr
    ? (line: string) => process.stderr.write(line + "\n")
    : undefined;
  return {
    record(entry) {
      if (!write) return;
      write(JSON.stringify({
        time: new Date().toISOString(),
        event: "mailbox_access",
        operation: entry.operation,
        serviceAccount: options.serviceAccount,
        ...(entry.caller ? { caller: entry.caller } : {}),
        targetMailbox: entry.targetMailbox,
        access: entry.access,
        outcome: entry.outcome,
        ...(entry.error ? { error: entry.error } : {}),
        ...(entry.idOwner ? { idOwner: entry.idOwner } : {}),
      }));
    },
  };
}
