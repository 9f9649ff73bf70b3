/**
 * OAuth2 client credentials against Microsoft Entra ID (or any authority with the same v2.0
 * token endpoint): an app-only token, cached and refreshed before it expires, one refresh in
 * flight at a time, and one fresh token tried when Exchange answers 401 (the token may have
 * been revoked). App-only tokens act for no mailbox, so every request impersonates.
 */
import { Buffer } from "node:buffer";
import { createHash, createPrivateKey, createSign, X509Certificate } from "node:crypto";
import { EwsError } from "../errors.ts";
import type { HttpResponse } from "../transport.ts";
import type { AuthScheme, SendOnce } from "./scheme.ts";

export interface OAuth2Options {
  clientId: string;
  tenantId: string;
  authority: string;
  scope: string;
  clientSecret?: string;
  /** PEM certificate and private key for a signed client assertion (instead of a secret). */
  certificate?: { certPem: string; keyPem: string };
  /** Posts a form to the token endpoint (the EWS transport, so EWS_CA_FILE applies too). */
  post(url: URL, body: string): Promise<HttpResponse>;
  /** Refresh this long before expiry (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

export class OAuth2ClientCredentials implements AuthScheme {
  readonly name = "oauth2";
  readonly connectionBound = false;
  readonly appOnly = true;
  readonly unauthorizedHint = "Exchange refused the app's token: the app needs the " +
    "full_access_as_app permission with admin consent (and EWS allowed for it in the tenant).";
  readonly tokenUrl: URL;
  readonly #options: OAuth2Options;
  #token?: CachedToken;
  #refreshing?: Promise<CachedToken>;

  constructor(options: OAuth2Options) {
    this.#options = options;
    this.tokenUrl = new URL(
      `${options.authority}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`,
    );
  }

  async exchange(send: SendOnce): Promise<HttpResponse> {
    const token = await this.token();
    const response = await send({ Authorization: `Bearer ${token}` });
    if (response.status !== 401) return response;
    // Once: a revoked or rotated token gets one fresh try, never a loop.
    if (this.#token?.value === token) this.#token = undefined;
    return send({ Authorization: `Bearer ${await this.token()}` });
  }

  /** A valid access token, from cache or freshly requested (concurrent callers share one). */
  async token(): Promise<string> {
    const now = this.#options.now?.() ?? Date.now();
    const margin = this.#options.refreshMarginMs ?? 5 * 60_000;
    if (this.#token && this.#token.expiresAt - margin > now) return this.#token.value;
    this.#refreshing ??= this.#request().finally(() => this.#refreshing = undefined);
    this.#token = await this.#refreshing;
    return this.#token.value;
  }

  async #request(): Promise<CachedToken> {
    const o = this.#options;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: o.clientId,
      scope: o.scope,
    });
    if (o.clientSecret) form.set("client_secret", o.clientSecret);
    else if (o.certificate) {
      form.set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.set("client_assertion", clientAssertion(o, this.tokenUrl));
    }
    const started = o.now?.() ?? Date.now();
    let response: HttpResponse;
    try {
      response = await o.post(this.tokenUrl, form.toString());
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      // The transport words it for Exchange; this is the token authority.
      throw error.with({
        message: `Could not reach the OAuth2 authority ${this.tokenUrl.host}`,
        hint: /not trusted/.test(error.hint ?? "")
          ? error.hint
          : "Check EWS_OAUTH_AUTHORITY and that this host can reach it (proxy, firewall).",
      });
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(response.body);
    } catch { /* reported below */ }
    const token = typeof body.access_token === "string" ? body.access_token : undefined;
    if (response.status !== 200 || !token) {
      throw tokenError(response.status, body, this.tokenUrl);
    }
    const lifetime = Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600;
    return { value: token, expiresAt: started + lifetime * 1000 };
  }
}

/** An RS256 JWT proving possession of the app's certificate ([RFC 7523], Entra ID style). */
function clientAssertion(options: OAuth2Options, audience: URL): string {
  const { certPem, keyPem } = options.certificate!;
  const der = new X509Certificate(certPem).raw;
  const now = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const head = encode({
    alg: "RS256",
    typ: "JWT",
    x5t: createHash("sha1").update(der).digest("base64url"),
  });
  const body = encode({
    aud: audience.href,
    iss: options.clientId,
    sub: options.clientId,
    jti: crypto.randomUUID(),
    nbf: now,
    exp: now + 600,
  });
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(
    createPrivateKey(keyPem),
  );
  return `${head}.${body}.${signature.toString("base64url")}`;
}

function tokenError(status: number, body: Record<string, unknown>, url: URL): EwsError {
  const description = typeof body.error_description === "string"
    ? body.error_description.split(/\r?\n/)[0]
    : `HTTP ${status}`;
  const code = typeof body.error === "string" ? body.error : "";
  const hint = code === "invalid_client"
    ? "Check EWS_CLIENT_SECRET (the secret's value, not its id) or the certificate registered on the app."
    : code === "unauthorized_client"
    ? "Check EWS_CLIENT_ID and EWS_TENANT_ID: the app registration was not found in that tenant."
    : code === "invalid_scope"
    ? "Check EWS_OAUTH_SCOPE (default https://outlook.office365.com/.default)."
    : `Check the OAuth2 settings and that ${url.host} is reachable.`;
  return new EwsError(`Could not get an OAuth2 token from ${url.host}: ${description}`, {
    kind: "unauthorized",
    status,
    hint,
  });
}
