/**
 * The authentication seam. A scheme wraps one HTTP exchange: Basic adds a header; OAuth2 adds a
 * bearer token and may refresh it on a 401; NTLM runs its three-leg handshake on one pinned
 * connection. Each scheme decides how many legs an exchange takes, so the client stays the same.
 */
import type { Connection, HttpResponse } from "../transport.ts";

export interface SendOptions {
  /** Send on this dedicated connection (connection-bound schemes). */
  connection?: Connection;
  /** Send no body (the first NTLM leg: only the handshake matters). */
  emptyBody?: boolean;
}

/** Sends the request once with the given extra headers. */
export type SendOnce = (
  extraHeaders: Record<string, string>,
  options?: SendOptions,
) => Promise<HttpResponse>;

/** What a scheme may ask of the client beyond sending. */
export interface ExchangeContext {
  /** Host of the EWS endpoint (NTLM's target name `HTTP/host`). */
  host: string;
  /** Opens a dedicated connection to the endpoint. */
  connect(): Connection;
}

export interface AuthScheme {
  /** `basic`, `ntlm`, `oauth2`… as configured in EWS_AUTH_TYPE. */
  readonly name: string;
  /** Whether the scheme authenticates a connection rather than a request (NTLM). */
  readonly connectionBound: boolean;
  /**
   * Whether requests must carry ExchangeImpersonation even for the account's own mailbox
   * (OAuth2 app-only tokens act for no mailbox of their own).
   */
  readonly appOnly?: boolean;
  /** Performs one authenticated exchange. */
  exchange(send: SendOnce, context: ExchangeContext): Promise<HttpResponse>;
  /** Releases connections and timers. */
  close?(): void;
}

/** The values of every `WWW-Authenticate` challenge in a response. */
export function challenges(response: HttpResponse): string[] {
  const raw = response.headers["www-authenticate"];
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  // Node joins repeated headers with ", "; NTLM tokens and scheme names contain no comma.
  return values.flatMap((v) => v.split(/,\s*(?=[A-Za-z][\w-]*(?:\s|,|$))/)).map((v) => v.trim());
}
