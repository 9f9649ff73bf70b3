/**
 * The authentication seam. A scheme wraps one HTTP exchange: Basic adds a header; OAuth2 adds a
 * bearer token and may refresh it on a 401; NTLM runs its handshake legs on the connection it is
 * given and skips them on connections it already authenticated. Each scheme decides how many legs
 * an exchange takes, so the client stays the same.
 *
 * Connection-bound schemes: `connection` is the one connection `send` writes to, lent to this
 * exchange alone. Remember authenticated connections in a `WeakSet<HttpConnection>`; a connection
 * not in it (new, or the replacement of a dropped one) needs the handshake again. A write arrives
 * on a fresh connection, so its handshake runs first and the operation goes out once, after it.
 * `connection.peerCertificate()` gives the server certificate (DER) for channel binding.
 */
import type { HttpConnection, HttpResponse } from "../transport.ts";

/** Sends the request once, on the exchange's connection, with the given extra headers. */
export type SendOnce = (extraHeaders: Record<string, string>) => Promise<HttpResponse>;

export interface AuthScheme {
  /** `basic`, `ntlm`, `oauth2`… as configured in EWS_AUTH_TYPE. */
  readonly name: string;
  /** Whether the scheme authenticates a connection rather than a request (NTLM). */
  readonly connectionBound: boolean;
  /** Performs one authenticated exchange on `connection`. */
  exchange(send: SendOnce, connection: HttpConnection): Promise<HttpResponse>;
}
