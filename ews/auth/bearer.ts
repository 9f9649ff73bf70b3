/**
 * A static bearer token obtained elsewhere (EWS_BEARER_TOKEN). Whether it is an app-only token
 * (which must impersonate on every request) or a delegated one (which never may) is read from
 * its claims: app-only tokens carry `roles` and no `scp`.
 */
import { Buffer } from "node:buffer";
import type { AuthScheme, SendOnce } from "./scheme.ts";

export function bearerAuth(token: string): AuthScheme {
  const header = `Bearer ${token}`;
  return {
    name: "bearer",
    connectionBound: false,
    appOnly: isAppOnlyToken(token),
    unauthorizedHint: "The token in EWS_BEARER_TOKEN expired, was revoked or is for another " +
      "audience: get a new one for https://outlook.office365.com (tokens are not renewed here).",
    exchange: (send: SendOnce) => send({ Authorization: header }),
  };
}

/** True for a JWT whose claims say app-only; opaque tokens are taken as delegated. */
export function isAppOnlyToken(token: string): boolean {
  const body = token.split(".")[1];
  if (!body) return false;
  try {
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return Array.isArray(claims.roles) && claims.scp === undefined;
  } catch {
    return false;
  }
}
