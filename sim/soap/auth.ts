/**
 * HTTP authentication in front of the SOAP endpoint. Each scheme is an Authenticator; the
 * request is accepted by the first one whose scheme the Authorization header uses, and a
 * rejected request gets every scheme's challenge (IIS lists Negotiate, NTLM, Basic the same
 * way). Connection-bound schemes (NTLM) may answer with a continuation challenge, and accept a
 * request without any header on a connection they already authenticated, as IIS does.
 */
import type { Mailbox } from "../store/mailbox.ts";
import type { Organisation } from "../store/organisation.ts";

/** Who signed in: a user account, or an application (OAuth2 app-only token). */
export type Principal =
  | {
    kind: "user";
    account: Mailbox; /** Signed in with a delegated OAuth token. */
    oauth?: boolean;
  }
  | { kind: "app"; appId: string; /** Granted full_access_as_app. */ fullAccess: boolean };

export interface AuthRequest {
  organisation: Organisation;
  /** Identifies the TCP connection (`address|port`); empty for in-process calls. */
  connection: string;
  /** DER of the certificate this connection was served with (HTTPS only). */
  certificate?: Uint8Array;
  /** Host name the client addressed (Host header, without port), for service binding. */
  host?: string;
}

/** A verdict: signed in, a continuation challenge (handshake leg), or refused. */
export type AuthStep =
  | { ok: true; principal: Principal }
  | { ok: false; continuation?: string; reason?: string };

export interface Authenticator {
  /** Scheme name as written in the Authorization header, e.g. `Basic`. */
  scheme: string;
  /** Value of the `WWW-Authenticate` header that invites this scheme. */
  challenge(): string;
  /** Checks the credentials (the header value after the scheme). */
  authenticate(credentials: string, request: AuthRequest): AuthStep;
  /** The principal a connection-bound scheme already authenticated on this connection. */
  connectionPrincipal?(connection: string): Principal | undefined;
}

export const basicAuthenticator = (realm: string): Authenticator => ({
  scheme: "Basic",
  challenge: () => `Basic realm="${realm}"`,
  authenticate(credentials, { organisation }) {
    let decoded: string;
    try {
      const binary = atob(credentials.trim());
      decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    } catch {
      return { ok: false };
    }
    const colon = decoded.indexOf(":");
    if (colon < 0) return { ok: false };
    const account = organisation.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
    return account ? { ok: true, principal: { kind: "user", account } } : { ok: false };
  },
});

export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; challenges: string[]; reason?: string };

/** Authenticates a request's Authorization header with the first matching scheme. */
export function authenticate(
  header: string | null | undefined,
  authenticators: readonly Authenticator[],
  request: AuthRequest,
): AuthResult {
  const challenges = authenticators.map((a) => a.challenge());
  if (!header) {
    for (const a of authenticators) {
      const principal = request.connection
        ? a.connectionPrincipal?.(request.connection)
        : undefined;
      if (principal) return { ok: true, principal };
    }
    return { ok: false, challenges };
  }
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const authenticator = authenticators.find((a) => a.scheme.toLowerCase() === scheme);
  if (!authenticator) return { ok: false, challenges };
  const step = authenticator.authenticate(space < 0 ? "" : header.slice(space + 1), request);
  if (step.ok) return step;
  if (step.continuation) return { ok: false, challenges: [step.continuation] };
  return { ok: false, challenges, reason: step.reason };
}
