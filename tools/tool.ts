/**
 * The one interface every tool module implements. Tools are declared as data (name, texts, zod
 * schemas, annotations) plus a handler that receives validated input and a resolved mailbox.
 */
import { z } from "zod";
import type { EwsClient } from "../ews/client.ts";
import type { MailboxContext } from "../ews/mailbox/context.ts";
import type { FileAccess } from "./files.ts";

export type Area =
  | "email"
  | "attachments"
  | "folders"
  | "calendar"
  | "contacts"
  | "tasks"
  | "oof";

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  /** Whether the tool reaches beyond the mailbox (sending mail does). */
  openWorldHint: boolean;
}

/** What a handler gets besides its input. */
export interface ToolContext {
  client: EwsClient;
  /** The mailbox the call acts on, already resolved and checked. */
  mailbox: MailboxContext;
  /** Local file access for attachments (confined; off unless configured). */
  files?: FileAccess;
}

export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what comes back. */
  description: string;
  input: I;
  /** Result schema; the runner adds `mailbox`, so tools declare it via `withMailbox`. */
  output: O;
  annotations: ToolAnnotations;
  handler(args: z.infer<I>, ctx: ToolContext): Promise<Omit<z.infer<O>, "mailbox">>;
  /**
   * What the model reads (the text content), when it should differ from the structured result:
   * say constants once, leave out default values. Empty fields are dropped and the JSON is
   * compacted for every tool anyway (`tools/result_text.ts`). Default: the result itself.
   */
  view?(result: z.infer<O>): unknown;
}

export interface ToolModule {
  area: Area;
  tools: ToolDefinition[];
}

/** Declares a tool with its types inferred from the schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

/**
 * The optional `target_mailbox` every tool accepts. Described once, in the server's
 * instructions (server/instructions.ts), not on every tool.
 */
export const targetMailbox = z.string().trim().max(320).optional();

/** Adds `target_mailbox` to a tool's input shape. */
export function withTarget<S extends z.ZodRawShape>(shape: S) {
  return z.object({ ...shape, target_mailbox: targetMailbox }).strict();
}

/** Adds `mailbox` (the address acted on) to a tool's output shape. */
export function withMailbox<S extends z.ZodRawShape>(shape: S) {
  return z.object({ mailbox: z.string(), ...shape });
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** A tool that deletes or overwrites something in the mailbox, where a repeat does more. */
export const CHANGES: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
};

/** A tool that overwrites something in the mailbox; repeating it changes nothing more. */
export const OVERWRITES: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
};

/** A tool that adds something in the mailbox (a repeat adds it again) and removes nothing. */
export const ADDS: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};
