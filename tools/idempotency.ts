/**
 * Idempotency for tools that send mail (send, reply, forward, send draft): a call repeated with
 * the same `idempotency_key` for the same mailbox never sends twice. Outcomes are remembered per
 * mailbox and key; a send whose outcome is unknown (the request may have reached Exchange) makes
 * the key "uncertain", and a retry with it is refused with advice instead of risking a copy.
 */
import { createHash } from "node:crypto";
import { EwsError } from "../ews/errors.ts";
import { TtlCache } from "../ews/mailbox/cache.ts";

type Outcome = { fingerprint: string; result: unknown } | {
  fingerprint: string;
  uncertain: true;
};

const completed = new TtlCache<string, Outcome>(10_000, 24 * 60 * 60_000);
const inFlight = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();

export interface SendOnceRequest {
  /** The mailbox that sends. Keys are per mailbox: the same key in two mailboxes is two sends. */
  mailbox: string;
  /** The caller's idempotency key; without one every call sends. */
  key?: string;
  /** What is being sent (recipients, subject, body…): the same key with other content is refused. */
  content: unknown;
}

/** Whether a failed send may still have gone out (the request may have reached Exchange). */
export function mayHaveBeenSent(error: unknown): boolean {
  return error instanceof EwsError && (error.kind === "timeout" || error.kind === "network");
}

/**
 * Runs `send` at most once per (mailbox, key). Returns its result with `duplicate: false`, or the
 * remembered result with `duplicate: true` when this key was already sent with the same content.
 */
export async function sendOnce<R extends object>(
  request: SendOnceRequest,
  send: () => Promise<R>,
): Promise<R & { duplicate: boolean }> {
  if (!request.key) return { ...(await send()), duplicate: false };
  const id = `${request.mailbox.toLowerCase()}\n${request.key}`;
  const fingerprint = createHash("sha256").update(JSON.stringify(request.content)).digest("hex");
  const conflict = () =>
    new EwsError("This idempotency_key was already used for a different message", {
      kind: "conflict",
      hint: "Use a new idempotency_key for a new message; nothing was sent.",
    });
  const done = completed.get(id);
  if (done) {
    if (done.fingerprint !== fingerprint) throw conflict();
    if ("uncertain" in done) {
      throw new EwsError("An earlier send with this idempotency_key may already have gone out", {
        kind: "conflict",
        hint: "Check Sent Items; send again with a new idempotency_key only if it is not there.",
      });
    }
    return { ...(done.result as R), duplicate: true };
  }
  const running = inFlight.get(id);
  if (running) {
    if (running.fingerprint !== fingerprint) throw conflict();
    return { ...((await running.promise) as R), duplicate: true };
  }
  const promise = send().then((result) => {
    completed.set(id, { fingerprint, result });
    return result;
  }, (error) => {
    if (mayHaveBeenSent(error)) completed.set(id, { fingerprint, uncertain: true });
    throw error;
  }).finally(() => inFlight.delete(id));
  inFlight.set(id, { fingerprint, promise });
  return { ...(await promise), duplicate: false };
}
