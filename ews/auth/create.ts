/** Builds the configured AuthScheme (EWS_AUTH_TYPE) from its settings. */
import { readFileSync } from "node:fs";
import type { AuthConfig } from "../../config/auth.ts";
import type { HttpTransport } from "../transport.ts";
import { basicAuth } from "./basic.ts";
import { bearerAuth } from "./bearer.ts";
import { NtlmAuth } from "./ntlm/scheme.ts";
import { OAuth2ClientCredentials } from "./oauth2.ts";
import type { AuthScheme } from "./scheme.ts";

export function createAuthScheme(
  auth: AuthConfig,
  transport: HttpTransport,
  options: { timeoutMs: number },
): AuthScheme {
  switch (auth.type) {
    case "basic":
      return basicAuth(auth.username, auth.password);
    case "ntlm":
      return new NtlmAuth({
        username: auth.username,
        password: auth.password,
      });
    case "bearer":
      return bearerAuth(auth.token);
    case "oauth2":
      return new OAuth2ClientCredentials({
        clientId: auth.clientId,
        tenantId: auth.tenantId,
        authority: auth.authority,
        scope: auth.scope,
        clientSecret: auth.clientSecret,
        certificate: auth.certificateFile && auth.keyFile
          ? {
            certPem: readFileSync(auth.certificateFile, "utf8"),
            keyPem: readFileSync(auth.keyFile, "utf8"),
          }
          : undefined,
        // Asking for a token twice is harmless: the request may be retried like a read.
        post: (url, body) =>
          transport.send({
            url,
            body,
            timeoutMs: options.timeoutMs,
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              Accept: "application/json",
            },
          }, { idempotent: true }),
      });
  }
}
