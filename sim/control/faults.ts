/**
 * Fault injection: make upcoming requests fail the way a busy or broken Exchange does, to test
 * a client's retries and back-off. A fault is either a plain HTTP status (503 from a load
 * balancer) or an EWS SOAP fault (ErrorServerBusy with BackOffMilliseconds by default).
 */
export interface InjectedFault {
  /** HTTP status. 500 (default) sends a SOAP fault; anything else a plain-text HTTP error. */
  status?: number;
  /** EWS response code of the SOAP fault (default ErrorServerBusy). */
  responseCode?: string;
  /** Back-off hint for ErrorServerBusy (default 2000 ms). */
  backOffMs?: number;
  /**
   * `reply`: an HTTP 200 reply whose response message carries the error (Exchange answers
   * ErrorServerBusy this way too), instead of a SOAP fault.
   */
  form?: "fault" | "reply";
  message?: string;
  /**
   * Carry the operation out, then damage its reply on the way out: truncated bodies, malformed
   * XML, illegal characters (the request did take effect; only the answer is broken).
   */
  rewrite?: (reply: string) => string;
}

/** Decides per request whether to fail it; return undefined to let it through. */
export type FaultHook = (
  request: { operation: string; account: string },
) => InjectedFault | undefined;

export class FaultInjector {
  #queue: InjectedFault[] = [];
  #hook?: FaultHook;

  /** The next `count` SOAP requests fail with `fault`. */
  failNext(count = 1, fault: InjectedFault = {}): void {
    for (let i = 0; i < count; i++) this.#queue.push(fault);
  }

  /** Installs (or with undefined removes) a hook consulted for every SOAP request. */
  setHook(hook: FaultHook | undefined): void {
    this.#hook = hook;
  }

  clear(): void {
    this.#queue = [];
    this.#hook = undefined;
  }

  /** How many queued faults are still to be served. */
  get pending(): number {
    return this.#queue.length;
  }

  next(request: { operation: string; account: string }): InjectedFault | undefined {
    return this.#queue.shift() ?? this.#hook?.(request);
  }
}
