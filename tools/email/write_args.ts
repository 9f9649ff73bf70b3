/** Argument schemas shared by the mail tools that write (recipients, bodies, keys). */
import { z } from "zod";
import { quoted } from "../shapes.ts";

// Checked by refinement rather than z.email(): its pattern would be repeated in every schema.
export const address = z.string().trim().max(320).refine(
  (v) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(v),
  { error: (issue) => `Not a valid email address: ${quoted(issue.input)}` },
);
export const addresses = z.array(address).max(500);

export const outgoingBody = {
  body: z.string().max(4_000_000),
  body_format: z.enum(["text", "html"]).default("text"),
};

export { idempotencyKey } from "../shapes.ts";

export const emailId = z.string().trim().min(1).max(1024);

/** An ISO date or date-time, checked without a pattern in the schema. */
export const isoDate = z.string().trim().max(40).refine((v) => !Number.isNaN(Date.parse(v)), {
  error: (issue) => `Not an ISO date: ${quoted(issue.input)}`,
});

/** Midnight UTC for a bare date, else the instant given. */
export function toIso(value: string): string {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value).toISOString();
}

export const SENDS = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};

export const WRITES = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
