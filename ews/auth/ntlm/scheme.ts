/**
 * NTLM over HTTP as IIS expects it: a connection is authenticated, not a request. The client
 * lends each exchange one connection; on a connection not yet signed in the handshake runs first
 * (NEGOTIATE with no body, then AUTHENTICATE carrying the real request), on a signed-in one the
 * request just goes out. Signed-in connections are remembered weakly: a new connection (a
 * write's fresh one, or the replacement of a dropped one) signs in again. A server that forgot a
 * connection answers 401 and the handshake runs again, once: a 401 means IIS refused the request
 * before Exchange saw it, so sending it again cannot do anything twice. Servers offering only
 * `Negotiate` get the same raw NTLM tokens under that scheme.
 */
import { EwsError } from "../../errors.ts";
import type { HttpConnection, HttpResponse } from "../../transport.ts";
import { type AuthScheme, challenges, type SendOnce } from "../scheme.ts";
import { tlsServerEndPoint } from "./channel_binding.ts";
import { NtlmHandshake } from "./client.ts";
import { fromBase64, toBase64 } from "./messages.ts";

export interface NtlmOptions {
  /** `DOMAIN\user` or `user@domain`. */
  username: string;
  password: string;
}

export class NtlmAuth implements AuthScheme {
  readonly name = "ntlm";
  readonly connectionBound = true;
  readonly unauthorizedHint =
    "Check EWS_USERNAME (DOMAIN\\user or user@domain) and EWS_PASSWORD. " +
    "Over HTTPS with the right password, Extended Protection may be refusing the channel " +
    "binding: run `ews-mcp check` for the details.";
  readonly #options: NtlmOptions;
  #signedIn = new WeakSet<HttpConnection>();
  /** `NTLM` until a server shows it speaks only `Negotiate`. */
  #scheme: "NTLM" | "Negotiate" = "NTLM";

  constructor(options: NtlmOptions) {
    this.#options = options;
  }

  async exchange(send: SendOnce, connection: HttpConnection): Promise<HttpResponse> {
    if (this.#signedIn.has(connection)) {
      const response = await send({});
      if (!(response.status === 401 && offersNtlm(response))) return response;
      this.#signedIn.delete(connection); // the server forgot this connection: sign in again, once
    }
    return await this.#handshake(send, connection);
  }

  async #handshake(send: SendOnce, connection: HttpConnection): Promise<HttpResponse> {
    const handshake = new NtlmHandshake(this.#options);
    const negotiate = toBase64(handshake.negotiate);
    let scheme = this.#scheme;
    let first = await send({ Authorization: `${scheme} ${negotiate}` }, { emptyBody: true });
    if (first.status === 401 && !tokenOf(first, scheme) && scheme === "NTLM") {
      const offered = challenges(first).map((c) => c.split(" ")[0].toLowerCase());
      if (offered.includes("negotiate")) {
        this.#scheme = scheme = "Negotiate";
        first = await send({ Authorization: `Negotiate ${negotiate}` }, { emptyBody: true });
      }
    }
    const token = first.status === 401 ? tokenOf(first, scheme) : undefined;
    if (!token) {
      throw new EwsError(`Exchange refused NTLM sign-in (HTTP ${first.status})`, {
        kind: "unauthorized",
        status: first.status,
        maybeDelivered: false,
        hint: offeredHint(first),
      });
    }
    const certificate = connection.peerCertificate();
    const authenticate = handshake.authenticate(fromBase64(token), {
      host: new URL(connection.origin).hostname,
      channelBinding: certificate ? tlsServerEndPoint(certificate) : undefined,
    });
    const response = await send({ Authorization: `${scheme} ${toBase64(authenticate)}` });
    if (response.status !== 401) this.#signedIn.add(connection);
    return response;
  }

  close(): void {
    this.#signedIn = new WeakSet();
  }
}

function offersNtlm(response: HttpResponse): boolean {
  return challenges(response).some((c) => /^(ntlm|negotiate)\b/i.test(c));
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
