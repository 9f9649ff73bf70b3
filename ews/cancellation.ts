/**
 * The cancellation signal of the tool call being run, carried implicitly down to the EWS client
 * (AsyncLocalStorage, in Deno and Bun alike) so that operations need not thread it through every
 * signature: a call the MCP client cancels aborts its EWS request where it stands.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EwsError } from "./errors.ts";

const storage = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the current cancellation signal. */
export function withSignal<T>(signal: AbortSignal | undefined, fn: () => T): T {
  return signal ? storage.run(signal, fn) : fn();
}

export function currentSignal(): AbortSignal | undefined {
  return storage.getStore();
}

export function cancelledError(maybeDelivered: boolean): EwsError {
  return new EwsError("The request was cancelled", {
    kind: "cancelled",
    maybeDelivered,
    hint: maybeDelivered
      ? "It had already been sent and may have been carried out; check before repeating it."
      : "Nothing was sent to Exchange.",
  });
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError(false));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError(false));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
