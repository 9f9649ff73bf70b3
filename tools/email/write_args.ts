/** Argument schemas shared by the mail tools that write (recipients, bodies, keys). */
import { z } from "zod";

// Checked by refinement rather than z.email(): its pattern would be repeated in every schema.
export const address = z.string().trim().max(320).refine(
  (v) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(v),
  { error: (issue) => `Not a valid email address: ${String(issue.input)}` },
);
export const addresses = z.array(address).max(500);

export const outgoingBody = {
  body: z.string().max(4_000_000),
  body_format: z.enum(["text", "html"]).default("text"),
};

export const idempotencyKey = z.string().trim().min(1).max(200).optional().describe(
  "Retries with the same key are not sent twice.",
);

export const emailId = z.string().trim().min(1).max(1024);

/** An ISO date or date-time, checked without a pattern in the schema. */
export const isoDate = z.string().trim().max(40).refine((v) => !Number.isNaN(Date.parse(v)), {
  error: (issue) => `Not an ISO date: ${String(issue.input)}`,
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
