/**
 * A small Microsoft identity platform stand-in: the v2.0 token endpoint
 * (`POST /{tenant}/oauth2/v2.0/token`) for the client-credentials grant (secret or certificate
 * assertion) and, for delegated tokens in tests, the password grant; and the Bearer
 * authenticator that validates the tokens it issued. Tokens are JWTs signed with a key of this
 * simulator (HS256): app-only tokens carry `roles: ["full_access_as_app"]`, delegated ones `scp`.
 */
import { Buffer } from "node:buffer";
import {
  createHmac,
  createPublicKey,
  createVerify,
  randomBytes,
  X509Certificate,
} from "node:crypto";
import type { Organisation } from "../store/organisation.ts";
import type { Authenticator } from "../soap/auth.ts";

export const EWS_AUDIENCE = "https://outlook.office365.com";
export const EWS_SCOPE = `${EWS_AUDIENCE}/.default`;

export interface OAuthApp {
  clientId: string;
  /** Client secret, if the app signs in with one. */
  secret?: string;
  /** PEM certificate whose key signs the app's client assertions. */
  certificatePem?: string;
  /** Granted the full_access_as_app application permission (impersonate every mailbox). */
  fullAccess: boolean;
}

export interface OAuthOptions {
  tenant?: string;
  apps?: OAuthApp[];
  /** Token lifetime in seconds (default 3599, as Entra ID issues). */
  lifetimeSeconds?: number;
  now?: () => number;
}

export const DEMO_TENANT = "00000000-0000-0000-0000-00000000c0de";
export const DEMO_APP: OAuthApp = {
  clientId: "11111111-2222-3333-4444-555555555555",
  secret: "Demo-Secret-1",
  fullAccess: true,
};

interface Claims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  exp: number;
  iat: number;
  jti: string;
  roles?: string[];
  scp?: string;
  upn?: string;
}

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

export class OAuthServer {
  readonly tenant: string;
  readonly apps = new Map<string, OAuthApp>();
  /** Tokens issued so far (tests count refreshes). */
  issued = 0;
  /** The tokens themselves, when recording (tests check none leaks). */
  readonly tokens: string[] = [];
  record = false;
  #key = randomBytes(32);
  readonly #lifetime: number;
  readonly #now: () => number;
  readonly #usedAssertions = new Set<string>();

  constructor(readonly organisation: Organisation, options: OAuthOptions = {}) {
    this.tenant = options.tenant ?? DEMO_TENANT;
    for (const app of options.apps ?? [DEMO_APP]) this.apps.set(app.clientId, app);
    this.#lifetime = options.lifetimeSeconds ?? 3599;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Invalidates every token issued so far (a key rollover, or credentials revoked). */
  revokeAll(): void {
    this.#key = randomBytes(32);
  }

  #sign(claims: Claims): string {
    const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const body = b64url(JSON.stringify(claims));
    const mac = createHmac("sha256", this.#key).update(`${head}.${body}`).digest();
    this.issued++;
    const token = `${head}.${body}.${b64url(mac)}`;
    if (this.record) this.tokens.push(token);
    return token;
  }

  /** The claims of a token this server issued and that is still valid, else undefined. */
  verify(token: string): Claims | undefined {
    const [head, body, mac] = token.split(".");
    if (!head || !body || !mac) return undefined;
    const expected = b64url(createHmac("sha256", this.#key).update(`${head}.${body}`).digest());
    if (expected !== mac) return undefined;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as Claims;
    if (claims.aud !== EWS_AUDIENCE || claims.exp * 1000 <= this.#now()) return undefined;
    return claims;
  }

  /** Handles a token request; `url` is the endpoint's own URL (assertion audience). */
  async token(request: Request, tenant: string): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const fail = (status: number, error: string, code: number, description: string) =>
      Response.json(
        { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
        { status },
      );
    if (tenant !== this.tenant && tenant !== "organizations") {
      return fail(400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
    }
    const scope = form.get("scope") ?? "";
    if (!scope.split(" ").includes(EWS_SCOPE)) {
      return fail(
        400,
        "invalid_scope",
        70011,
        `The provided value for scope ${scope} is not valid.`,
      );
    }
    const clientId = form.get("client_id") ?? "";
    const app = this.apps.get(clientId);
    if (!app) {
      return fail(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenant}'.`,
      );
    }
    const now = Math.floor(this.#now() / 1000);
    const base = {
      aud: EWS_AUDIENCE,
      iss: `https://sts.windows.net/${this.tenant}/`,
      tid: this.tenant,
      appid: clientId,
      iat: now,
      exp: now + this.#lifetime,
      jti: crypto.randomUUID(),
    };
    const grant = form.get("grant_type");
    let claims: Claims;
    if (grant === "client_credentials") {
      const problem = this.#checkClient(app, form, new URL(request.url));
      if (problem) return fail(401, "invalid_client", problem.code, problem.text);
      claims = { ...base, roles: app.fullAccess ? ["full_access_as_app"] : [] };
    } else if (grant === "password") {
      const user = this.organisation.authenticate(
        form.get("username") ?? "",
        form.get("password") ?? "",
      );
      if (!user) {
        return fail(
          400,
          "invalid_grant",
          50126,
          "Error validating credentials due to invalid username or password.",
        );
      }
      claims = { ...base, scp: "EWS.AccessAsUser.All", upn: user.address };
    } else {
      return fail(
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${grant}'.`,
      );
    }
    return Response.json({
      token_type: "Bearer",
      expires_in: this.#lifetime,
      ext_expires_in: this.#lifetime,
      access_token: this.#sign(claims),
    });
  }

  #checkClient(
    app: OAuthApp,
    form: URLSearchParams,
    endpoint: URL,
  ): { code: number; text: string } | undefined {
    const secret = form.get("client_secret");
    if (secret !== null) {
      return app.secret !== undefined && app.secret === secret ? undefined : {
        code: 7000215,
        text:
          "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
      };
    }
    const assertion = form.get("client_assertion");
    if (
      assertion && form.get("client_assertion_type") ===
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    ) {
      return this.#checkAssertion(app, assertion, endpoint);
    }
    return {
      code: 7000218,
      text:
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    };
  }

  /** A certificate-signed client assertion (RS256 JWT, aud = this endpoint, single use). */
  #checkAssertion(app: OAuthApp, assertion: string, endpoint: URL) {
    const invalid = { code: 700027, text: "Client assertion failed signature validation." };
    if (!app.certificatePem) return invalid;
    const [head, body, signature] = assertion.split(".");
    if (!head || !body || !signature) return invalid;
    const key = createPublicKey(
      new X509Certificate(app.certificatePem).publicKey.export({ type: "spki", format: "pem" }),
    );
    const ok = createVerify("RSA-SHA256").update(`${head}.${body}`).verify(
      key,
      Buffer.from(signature, "base64url"),
    );
    if (!ok) return invalid;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const now = this.#now() / 1000;
    const audience = `${endpoint.origin}${endpoint.pathname}`;
    if (claims.iss !== app.clientId || claims.sub !== app.clientId || claims.aud !== audience) {
      return { code: 700021, text: "Client assertion audience or issuer is invalid." };
    }
    if (typeof claims.exp !== "number" || claims.exp < now) {
      return { code: 700024, text: "Client assertion is not within its valid time range." };
    }
    if (this.#usedAssertions.has(claims.jti)) {
      return { code: 700025, text: "Client assertion has already been used (jti replay)." };
    }
    this.#usedAssertions.add(claims.jti);
    return undefined;
  }

  /** The Bearer scheme in front of EWS. */
  authenticator(): Authenticator {
    return {
      scheme: "Bearer",
      challenge: () =>
        `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", token_types="app_asserted_user_v1 service_asserted_app_v1"`,
      authenticate: (credentials, { organisation }) => {
        const claims = this.verify(credentials.trim());
        if (!claims) return { ok: false, reason: "invalid or expired token" };
        if (claims.roles) {
          return {
            ok: true,
            principal: {
              kind: "app",
              appId: claims.appid,
              fullAccess: claims.roles.includes("full_access_as_app"),
            },
          };
        }
        const account = claims.upn ? organisation.mailbox(claims.upn) : undefined;
        return account
          ? { ok: true, principal: { kind: "user", account, oauth: true } }
          : { ok: false, reason: "token names no mailbox" };
      },
    };
  }
}
