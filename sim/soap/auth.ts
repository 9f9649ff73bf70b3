/**
 * HTTP authentication in front of the SOAP endpoint. Each scheme is an Authenticator; the
 * request is accepted by the first one whose scheme the Authorization header uses, and a
 * rejected request gets every scheme's challenge (IIS lists Negotiate, NTLM, Basic the same
 * way), so NTLM or Bearer can be added beside Basic without touching the endpoint.
 */
import type { Mailbox } from "../store/mailbox.ts";
import type { Organisation } from "../store/organisation.ts";

export interface Authenticator {
  /** Scheme name as written in the Authorization header, e.g. `Basic`. */
  scheme: string;
  /** Value of the `WWW-Authenticate` header that invites this scheme. */
  challenge(): string;
  /** The account these credentials (the header value after the scheme) sign in. */
  authenticate(credentials: string, organisation: Organisation): Mailbox | undefined;
}

export const basicAuthenticator = (realm: string): Authenticator => ({
  scheme: "Basic",
  challenge: () => `Basic realm="${realm}"`,
  authenticate(credentials, organisation) {
    let decoded: string;
    try {
      const binary = atob(credentials.trim());
      decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    return organisation.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  },
});

export type AuthResult = { ok: true; account: Mailbox } | { ok: false; challenges: string[] };

/** Authenticates a request's Authorization header with the first matching scheme. */
export function authenticate(
  header: string | null | undefined,
  authenticators: readonly Authenticator[],
  organisation: Organisation,
): AuthResult {
  const challenges = authenticators.map((a) => a.challenge());
  if (!header) return { ok: false, challenges };
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const authenticator = authenticators.find((a) => a.scheme.toLowerCase() === scheme);
  const account = authenticator?.authenticate(
    space < 0 ? "" : header.slice(space + 1),
    organisation,
  );
  return account ? { ok: true, account } : { ok: false, challenges };
}
