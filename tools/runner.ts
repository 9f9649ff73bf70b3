/**
 * Runs one tool call: resolves `target_mailbox` to a checked mailbox context, calls the handler,
 * stamps the result with the mailbox it touched, and writes the audit line for work done in
 * another user's mailbox. Failures come back as plain text with a fix hint.
 */
import type { AuditLog } from "../ews/audit.ts";
import type { EwsClient } from "../ews/client.ts";
import { EwsError } from "../ews/errors.ts";
import type { Logger } from "../ews/log.ts";
import type { MailboxResolver } from "../ews/mailbox/resolver.ts";
import type { FileAccess } from "./files.ts";
import { type Caller, LOCAL_CALLER, type MailboxPolicy, policyDenial } from "./policy.ts";
import type { ToolDefinition } from "./tool.ts";

export interface ToolRuntime {
  client: EwsClient;
  resolver: MailboxResolver;
  audit: AuditLog;
  logger: Logger;
  /** Confined local file access for attachment tools; absent: off. */
  files?: FileAccess;
  /** Mailboxes callers may reach; checked before anything is sent to Exchange. */
  policy?: MailboxPolicy;
  /** Told the outcome of every call (metrics). */
  observe?(tool: string, outcome: "success" | "error" | "denied"): void;
}

export type ToolOutcome =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; error: string; mailbox: string };

export async function runTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  runtime: ToolRuntime,
  caller: Caller = LOCAL_CALLER,
): Promise<ToolOutcome> {
  const requested = typeof args.target_mailbox === "string" && args.target_mailbox.trim()
    ? args.target_mailbox.trim()
    : undefined;
  const other = requested !== undefined &&
    requested.toLowerCase() !== runtime.resolver.primary.mailbox.toLowerCase();
  let access: string = other ? runtime.resolver.otherMailboxAccess : "primary";
  const denial = runtime.policy &&
    policyDenial(runtime.policy, caller, requested ?? runtime.resolver.primary.mailbox);
  if (denial) {
    const mailbox = requested ?? runtime.resolver.primary.mailbox;
    runtime.observe?.(tool.name, "denied");
    runtime.logger.warn("Mailbox policy refused a call", {
      tool: tool.name,
      mailbox,
      caller: caller.name,
    });
    runtime.audit.record({
      operation: tool.name,
      targetMailbox: mailbox,
      access,
      outcome: "denied",
      error: denial,
      caller: caller.name,
    });
    return {
      ok: false,
      error: `Access denied to mailbox: ${mailbox} (${denial}). ` +
        "Ask the server's administrator to extend the mailbox policy if this caller needs it.",
      mailbox,
    };
  }
  const started = performance.now();
  try {
    const mailbox = await runtime.resolver.resolve(requested);
    access = mailbox.access;
    let result;
    try {
      result = await tool.handler(args, { client: runtime.client, mailbox, files: runtime.files });
    } catch (error) {
      throw runtime.resolver.explain(error, mailbox);
    }
    runtime.resolver.confirm(mailbox);
    if (other) {
      runtime.audit.record({
        operation: tool.name,
        targetMailbox: mailbox.mailbox,
        access,
        outcome: "success",
        caller: caller.name,
      });
    }
    runtime.logger.debug("Tool call", {
      tool: tool.name,
      mailbox: mailbox.mailbox,
      ms: Math.round(performance.now() - started),
    });
    runtime.observe?.(tool.name, "success");
    return { ok: true, result: { mailbox: mailbox.mailbox, ...result } };
  } catch (error) {
    const mailbox = requested ?? runtime.resolver.primary.mailbox;
    runtime.observe?.(tool.name, "error");
    // A refused id of another mailbox is audited in every mode: it was an attempt on that mailbox.
    const refused = error instanceof EwsError && error.kind === "wrong_mailbox";
    if (other || refused) {
      runtime.audit.record({
        operation: tool.name,
        targetMailbox: mailbox,
        access,
        outcome: refused ? "refused" : "error",
        error: error instanceof EwsError
          ? [error.kind, error.responseCode].filter(Boolean).join(" ")
          : "internal",
        caller: caller.name,
        idOwner: refused ? error.idOwner ?? "unknown" : undefined,
      });
    }
    if (error instanceof EwsError) {
      runtime.logger.info("Tool failed", {
        tool: tool.name,
        kind: error.kind,
        code: error.responseCode,
      });
      return { ok: false, error: error.describe(), mailbox };
    }
    runtime.logger.error("Tool crashed", {
      tool: tool.name,
      error: String((error as Error)?.stack ?? error),
    });
    return {
      ok: false,
      error: `Internal error in ${tool.name}: ${(error as Error)?.message ?? error}`,
      mailbox,
    };
  }
}
