/**
 * The authentication seam. A scheme wraps one HTTP exchange: Basic adds a header; OAuth2 adds a
 * bearer token and may refresh it on a 401; NTLM runs its three-leg handshake on one pinned
 * connection. Each scheme decides how many legs an exchange takes, so the client stays the same.
 */
import type { HttpResponse } from "../transport.ts";

/** Sends the request once with the given extra headers. */
export type SendOnce = (extraHeaders: Record<string, string>) => Promise<HttpResponse>;

export interface AuthScheme {
  /** `basic`, `ntlm`, `oauth2`… as configured in EWS_AUTH_TYPE. */
  readonly name: string;
  /** Whether the scheme authenticates a connection rather than a request (NTLM). */
  readonly connectionBound: boolean;
  /** Performs one authenticated exchange. */
  exchange(send: SendOnce): Promise<HttpResponse>;
}
