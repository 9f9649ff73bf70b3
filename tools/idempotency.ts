/**
 * Idempotency for tools that send mail (send, reply, forward, send draft, and create_appointment,
 * whose meetings send invitations): a call repeated with the same `idempotency_key` for the same
 * mailbox never sends (or creates) twice, on whichever replica it lands and after restarts. Two memories, per mailbox and key:
 * - this server's (per EWS client): outcomes it saw, calls in flight (a concurrent repeat joins
 *   them) and sends whose outcome is unknown (the request may have reached Exchange: a timeout, a
 *   dropped connection, a 502/503/504, a cut-off reply), which make the key "uncertain": a retry
 *   is refused with advice instead of risking a copy;
 * - Exchange's: the send carries a mark (digest of mailbox and key, fingerprint of the content;
 *   ews/ops/idempotency_marks.ts) that its Sent Items copy (or the organiser's calendar item)
 *   keeps. A key this server has no outcome for is looked up there first (one FindItem), so a
 *   retry on another replica or after a restart is answered as a duplicate, or refused as a
 *   conflict when the content differs, and sends nothing. It also settles an "uncertain" key when
 *   the marked item is there.
 * Known limit: the copy appears only once Exchange has sent the message (a calendar item once
 * CreateItem stored it); a retry on another replica while the first call is still running, or
 * before its copy is filed, finds nothing and sends again. The transport never re-sends a write by itself (see ews/transport.ts).
 */
import { createHash } from "node:crypto";
import { EwsError } from "../ews/errors.ts";
import { TtlCache } from "../ews/mailbox/cache.ts";
import type { MarkedCopy, SendMark } from "../ews/ops/idempotency_marks.ts";

type Outcome<R = unknown> = { fingerprint: string; result: R } | {
  fingerprint: string;
  uncertain: true;
};

interface Memory {
  completed: TtlCache<string, Outcome>;
  inFlight: Map<string, { fingerprint: string; promise: Promise<Settled<unknown>> }>;
}

type Settled<R> = { result: R; duplicate: boolean };

const memories = new WeakMap<object, Memory>();
/** The memory of callers that name no scope. */
const PROCESS = {};

function memoryOf(scope: object): Memory {
  let memory = memories.get(scope);
  if (!memory) {
    memories.set(
      scope,
      memory = { completed: new TtlCache(10_000, 24 * 60 * 60_000), inFlight: new Map() },
    );
  }
  return memory;
}

export interface SendOnceRequest<R> {
  /** The mailbox that sends. Keys are per mailbox: the same key in two mailboxes is two sends. */
  mailbox: string;
  /** The caller's idempotency key; without one every call sends. */
  key?: string;
  /** What is being sent (recipients, subject, body…): the same key with other content is refused. */
  content: unknown;
  /** Whose memory: one per server (its EWS client), so a second server starts empty. */
  scope?: object;
  /** Exchange's memory: the tool's lookup of marked items, and its result for one found. */
  lookup?: {
    /** Where the marked item is, for hints ("Sent Items" when absent). */
    place?: string;
    find(key: string): Promise<MarkedCopy[]>;
    /** The result of the earlier send (same content, so rebuilt from this request). */
    rebuild(found: MarkedCopy[]): R;
  };
}

/**
 * Whether a failed send may still have gone out: the transport and client say so on the error
 * (`maybeDelivered`), so nothing here guesses from kinds or wording.
 */
export function mayHaveBeenSent(error: unknown): boolean {
  return error instanceof EwsError && error.maybeDelivered === true;
}

/** The error a caller sees when a send may have gone out. */
function uncertainSend(error: EwsError, key: string | undefined, place: string): EwsError {
  return error.with({
    message: `The message may have been sent: ${error.message}`,
    hint: key
      ? `Check ${place} before sending again. A retry with this idempotency_key is answered ` +
        `as a duplicate once it is in ${place}, and refused while it is not; use a new ` +
        `key only if it is not in ${place}.`
      : `Check ${place} before sending again, so the recipients do not get it twice.`,
  });
}

/**
 * Runs `send` at most once per (mailbox, key). Returns its result with `duplicate: false`, or the
 * earlier result with `duplicate: true` when this key was already sent with the same content.
 * `send` gets the mark to write on the message when the request has a key and a `lookup`.
 */
export async function sendOnce<R extends object>(
  request: SendOnceRequest<R>,
  send: (mark?: SendMark) => Promise<R>,
): Promise<R & { duplicate: boolean }> {
  const place = request.lookup?.place ?? "Sent Items";
  const attempt = (mark?: SendMark) =>
    send(mark).catch((error) => {
      throw mayHaveBeenSent(error) ? uncertainSend(error as EwsError, request.key, place) : error;
    });
  if (!request.key) return { ...(await attempt()), duplicate: false };
  const { completed, inFlight } = memoryOf(request.scope ?? PROCESS);
  const id = `${request.mailbox.toLowerCase()}\n${request.key}`;
  const fingerprint = digest(JSON.stringify(request.content));
  const done = completed.get(id) as Outcome<R> | undefined;
  if (done) {
    if (done.fingerprint !== fingerprint) throw conflict();
    if ("result" in done) return { ...done.result, duplicate: true };
  }
  const running = inFlight.get(id) as { fingerprint: string; promise: Promise<Settled<R>> };
  if (running) {
    if (running.fingerprint !== fingerprint) throw conflict();
    return { ...(await running.promise).result, duplicate: true };
  }
  const mark: SendMark = { key: digest(id), content: fingerprint };
  const settle = async (): Promise<Settled<R>> => {
    const found = request.lookup ? await request.lookup.find(mark.key) : [];
    if (found.length > 0) {
      if (found.some((copy) => copy.content !== fingerprint)) throw conflict();
      const result = request.lookup!.rebuild(found);
      completed.set(id, { fingerprint, result });
      return { result, duplicate: true };
    }
    if (done) throw uncertainKey(place);
    try {
      const result = await attempt(request.lookup ? mark : undefined);
      completed.set(id, { fingerprint, result });
      return { result, duplicate: false };
    } catch (error) {
      if (mayHaveBeenSent(error)) completed.set(id, { fingerprint, uncertain: true });
      throw error;
    }
  };
  const promise = settle().finally(() => inFlight.delete(id));
  inFlight.set(id, { fingerprint, promise });
  const { result, duplicate } = await promise;
  return { ...result, duplicate };
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

const conflict = () =>
  new EwsError("This idempotency_key was already used for a different message", {
    kind: "conflict",
    maybeDelivered: false,
    hint: "Use a new idempotency_key for a new message; nothing was sent.",
  });

const uncertainKey = (place: string) =>
  new EwsError(
    "An earlier send with this idempotency_key may already have gone out; nothing was sent now",
    {
      kind: "conflict",
      maybeDelivered: false,
      hint: `Check ${place}; send again with a new idempotency_key only if it is not there.`,
    },
  );
