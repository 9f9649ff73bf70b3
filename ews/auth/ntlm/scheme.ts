/**
 * NTLM over HTTP as IIS expects it: a connection is authenticated, not a request. Each exchange
 * borrows a connection from a small pool; a fresh one first runs the handshake (NEGOTIATE with
 * no body, then AUTHENTICATE carrying the real request), a signed-in one just sends. A server
 * that dropped the connection answers 401 and the handshake runs again, once: a 401 means IIS
 * refused the request before Exchange saw it, so re-sending it cannot do anything twice.
 * Servers offering only `Negotiate` get the same raw NTLM tokens under that scheme.
 */
import { EwsError } from "../../errors.ts";
import type { Connection, HttpResponse } from "../../transport.ts";
import { type AuthScheme, challenges, type ExchangeContext, type SendOnce } from "../scheme.ts";
import { tlsServerEndPoint } from "./channel_binding.ts";
import { NtlmHandshake } from "./client.ts";
import { fromBase64, toBase64 } from "./messages.ts";

export interface NtlmOptions {
  /** `DOMAIN\user` or `user@domain`. */
  username: string;
  password: string;
  /** Connections kept signed in at once (parallel tool calls each need one). */
  maxConnections?: number;
}

interface Slot {
  connection: Connection;
  signedIn: boolean;
}

export class NtlmAuth implements AuthScheme {
  readonly name = "ntlm";
  readonly connectionBound = true;
  readonly #options: NtlmOptions;
  readonly #idle: Slot[] = [];
  readonly #waiting: ((slot: Slot | undefined) => void)[] = [];
  #open = 0;
  /** `NTLM` until a server shows it speaks only `Negotiate`. */
  #scheme: "NTLM" | "Negotiate" = "NTLM";

  constructor(options: NtlmOptions) {
    this.#options = options;
  }

  async exchange(send: SendOnce, context: ExchangeContext): Promise<HttpResponse> {
    const slot = await this.#acquire(context);
    let healthy = false;
    try {
      if (slot.signedIn) {
        const response = await send({}, { connection: slot.connection });
        if (!(response.status === 401 && this.#offersNtlm(response))) {
          healthy = true;
          return response;
        }
        slot.signedIn = false; // the server forgot this connection: sign in again, once
      }
      const response = await this.#handshake(slot, send, context);
      healthy = true;
      return response;
    } finally {
      this.#release(slot, healthy);
    }
  }

  async #handshake(slot: Slot, send: SendOnce, context: ExchangeContext): Promise<HttpResponse> {
    const handshake = new NtlmHandshake(this.#options);
    const negotiate = toBase64(handshake.negotiate);
    let scheme = this.#scheme;
    let first = await send(
      { Authorization: `${scheme} ${negotiate}` },
      { connection: slot.connection, emptyBody: true },
    );
    if (first.status === 401 && !tokenOf(first, scheme) && scheme === "NTLM") {
      const offered = challenges(first).map((c) => c.split(" ")[0].toLowerCase());
      if (offered.includes("negotiate")) {
        this.#scheme = scheme = "Negotiate";
        first = await send(
          { Authorization: `Negotiate ${negotiate}` },
          { connection: slot.connection, emptyBody: true },
        );
      }
    }
    const token = first.status === 401 ? tokenOf(first, scheme) : undefined;
    if (!token) {
      if (first.status === 401) {
        throw new EwsError("Exchange refused NTLM sign-in (HTTP 401)", {
          kind: "unauthorized",
          status: 401,
          hint: offeredHint(first),
        });
      }
      return first;
    }
    const authenticate = handshake.authenticate(fromBase64(token), {
      host: context.host,
      channelBinding: slot.connection.peerCertificate
        ? tlsServerEndPoint(slot.connection.peerCertificate)
        : undefined,
    });
    const response = await send(
      { Authorization: `${scheme} ${toBase64(authenticate)}` },
      { connection: slot.connection },
    );
    slot.signedIn = response.status !== 401;
    return response;
  }

  #offersNtlm(response: HttpResponse): boolean {
    return challenges(response).some((c) => /^(ntlm|negotiate)\b/i.test(c));
  }

  async #acquire(context: ExchangeContext): Promise<Slot> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#open < (this.#options.maxConnections ?? 8)) {
      this.#open++;
      return { connection: context.connect(), signedIn: false };
    }
    const slot = await new Promise<Slot | undefined>((resolve) => this.#waiting.push(resolve));
    if (slot) return slot;
    this.#open++;
    return { connection: context.connect(), signedIn: false };
  }

  /** Returns a connection to the pool; one that failed mid-way is closed, not reused. */
  #release(slot: Slot, healthy: boolean): void {
    if (!healthy) {
      slot.connection.close();
      this.#open--;
      this.#waiting.shift()?.(undefined);
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(slot);
    else this.#idle.push(slot);
  }

  close(): void {
    for (const slot of this.#idle.splice(0)) slot.connection.close();
  }
}

/** The handshake token a 401 carries under `scheme`, if any. */
function tokenOf(response: HttpResponse, scheme: string): string | undefined {
  const prefix = `${scheme.toLowerCase()} `;
  const match = challenges(response).find((c) => c.toLowerCase().startsWith(prefix));
  return match?.slice(prefix.length).trim() || undefined;
}

function offeredHint(response: HttpResponse): string {
  const offered = [...new Set(challenges(response).map((c) => c.split(" ")[0]))].join(", ");
  return `The server offers ${offered || "no authentication scheme"}` +
    "; set EWS_AUTH_TYPE to one of them, or ask the Exchange admin to enable Windows " +
    "authentication on the EWS virtual directory.";
}
