/**
 * Client authentication for HTTP, done from the headers alone, before the body is read: named
 * static API keys (compared in constant time) and OAuth 2.1 bearer tokens (JWTs checked against
 * the authorization server's JWKS: signature, issuer, audience, expiry, not-before, scopes).
 * Credentials are taken only from the `Authorization` header, never from the query string, and
 * the client's token is never passed on to Exchange (EWS uses the service account).
 */
import { Buffer } from "node:buffer";
import { createHash, timingSafeEqual } from "node:crypto";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import type { ApiKeyConfig, OAuthConfig } from "../config/config.ts";
import type { Caller } from "../tools/policy.ts";

export type AuthResult =
  | { ok: true; caller: Caller; scopes: string[] }
  | { ok: false; status: 401 | 403 | 503; error: string; description: string };

export interface Authenticator {
  /** Whether any client authentication is configured. */
  readonly enabled: boolean;
  authenticate(headers: Headers): Promise<AuthResult>;
}

/** jose's codes for "the key set could not be had" (fetch failed, timed out, was not a JWKS). */
const KEYS_UNAVAILABLE = ["ERR_JOSE_GENERIC", "ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID"];

/** Query parameters that look like credentials: refused outright, never read. */
export const CREDENTIAL_PARAMS = ["access_token", "token", "api_key", "apikey", "key", "auth"];

export function createAuthenticator(
  apiKeys: ApiKeyConfig[],
  oauth?: OAuthConfig,
): Authenticator {
  // Keys are compared as SHA-256 digests: equal length, so the comparison leaks no length.
  const keys = apiKeys.map((k) => ({ ...k, digest: digest(k.key) }));
  const jwks = oauth
    ? createRemoteJWKSet(oauth.jwksUrl, {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    })
    : undefined;
  const enabled = keys.length > 0 || oauth !== undefined;

  return {
    enabled,
    async authenticate(headers) {
      if (!enabled) return { ok: true, caller: { name: "anonymous" }, scopes: [] };
      const header = headers.get("authorization");
      if (!header) {
        return {
          ok: false,
          status: 401,
          error: "missing_credentials",
          description: "Authorization: Bearer <token> is required",
        };
      }
      const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
      if (!match) {
        return {
          ok: false,
          status: 401,
          error: "invalid_request",
          description: "Authorization: Bearer <token> is required",
        };
      }
      const token = match[1];
      const given = digest(token);
      let found: (typeof keys)[number] | undefined;
      for (const key of keys) {
        // Every key is compared, so the time taken does not say which one (or none) matched.
        if (timingSafeEqual(given, key.digest) && !found) found = key;
      }
      if (found) {
        return {
          ok: true,
          caller: { name: found.name, allowed: found.allowedMailboxes },
          scopes: [],
        };
      }
      if (!oauth || !jwks || token.split(".").length !== 3) {
        return { ok: false, status: 401, error: "invalid_token", description: "Unknown token" };
      }
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: oauth.issuer,
          audience: oauth.audience,
          clockTolerance: 30,
          requiredClaims: ["exp"],
        });
        const scopes = scopesOf(payload.scope ?? payload.scp);
        const missing = oauth.requiredScopes.filter((s) => !scopes.includes(s));
        if (missing.length > 0) {
          return {
            ok: false,
            status: 403,
            error: "insufficient_scope",
            description: `Token lacks scope ${missing.join(" ")}`,
          };
        }
        const claim = oauth.mailboxClaim ? payload[oauth.mailboxClaim] : undefined;
        const allowed = oauth.mailboxClaim
          ? (Array.isArray(claim) ? claim.map(String) : scopesOf(claim))
          : undefined;
        const name = String(payload.sub ?? payload.client_id ?? payload.azp ?? "oauth");
        return { ok: true, caller: { name: `oauth:${name}`, allowed }, scopes };
      } catch (error) {
        if (!(error instanceof joseErrors.JOSEError) || KEYS_UNAVAILABLE.includes(error.code)) {
          // The issuer's keys could not be fetched: not the client's fault, and not a reason
          // for it to throw its token away.
          return {
            ok: false,
            status: 503,
            error: "temporarily_unavailable",
            description: "The token issuer's signing keys could not be fetched",
          };
        }
        const description = error instanceof joseErrors.JWTExpired
          ? "Token expired"
          : error instanceof joseErrors.JWTClaimValidationFailed
          ? `Token ${error.claim} claim is not valid`
          : "Token is not valid";
        return { ok: false, status: 401, error: "invalid_token", description };
      }
    },
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function scopesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" ? value.split(/\s+/).filter(Boolean) : [];
}
