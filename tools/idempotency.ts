/**
 * Idempotency for tools that send mail (send, reply, forward, send draft): a call repeated with
 * the same `idempotency_key` for the same mailbox never sends twice. Outcomes are remembered per
 * mailbox and key; a send whose outcome is unknown (the request may have reached Exchange: a
 * timeout, a dropped connection, a 502/503/504, a cut-off reply) makes the key "uncertain", and a
 * retry with it is refused with advice instead of risking a copy. The transport never re-sends a
 * write by itself (see ews/transport.ts), so one call is at most one CreateItem.
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

/**
 * Whether a failed send may still have gone out: the transport and client say so on the error
 * (`maybeDelivered`), so nothing here guesses from kinds or wording.
 */
export function mayHaveBeenSent(error: unknown): boolean {
  return error instanceof EwsError && error.maybeDelivered === true;
}

/** The error a caller sees when a send may have gone out. */
function uncertainSend(error: EwsError, key: string | undefined): EwsError {
  return error.with({
    message: `The message may have been sent: ${error.message}`,
    hint: key
      ? "Check Sent Items before sending again. A retry with this idempotency_key is refused " +
        "(it cannot tell whether the first attempt went out); use a new key only if the " +
        "message is not in Sent Items."
      : "Check Sent Items before sending again, so the recipients do not get it twice.",
  });
}

/**
 * Runs `send` at most once per (mailbox, key). Returns its result with `duplicate: false`, or the
 * remembered result with `duplicate: true` when this key was already sent with the same content.
 */
export async function sendOnce<R extends object>(
  request: SendOnceRequest,
  send: () => Promise<R>,
): Promise<R & { duplicate: boolean }> {
  const attempt = () =>
    send().catch((error) => {
      throw mayHaveBeenSent(error) ? uncertainSend(error as EwsError, request.key) : error;
    });
  if (!request.key) return { ...(await attempt()), duplicate: false };
  const id = `${request.mailbox.toLowerCase()}\n${request.key}`;
  const fingerprint = createHash("sha256").update(JSON.stringify(request.content)).digest("hex");
  const conflict = () =>
    new EwsError("This idempotency_key was already used for a different message", {
      kind: "conflict",
      maybeDelivered: false,
      hint: "Use a new idempotency_key for a new message; nothing was sent.",
    });
  const done = completed.get(id);
  if (done) {
    if (done.fingerprint !== fingerprint) throw conflict();
    if ("uncertain" in done) {
      throw new EwsError(
        "An earlier send with this idempotency_key may already have gone out; nothing was sent now",
        {
          kind: "conflict",
          maybeDelivered: false,
          hint: "Check Sent Items; send again with a new idempotency_key only if it is not there.",
        },
      );
    }
    return { ...(done.result as R), duplicate: true };
  }
  const running = inFlight.get(id);
  if (running) {
    if (running.fingerprint !== fingerprint) throw conflict();
    return { ...((await running.promise) as R), duplicate: true };
  }
  const promise = attempt().then((result) => {
    completed.set(id, { fingerprint, result });
    return result;
  }, (error) => {
    if (mayHaveBeenSent(error)) completed.set(id, { fingerprint, uncertain: true });
    throw error;
  }).finally(() => inFlight.delete(id));
  inFlight.set(id, { fingerprint, promise });
  return { ...(await promise), duplicate: false };
}
