/**
 * An in-memory Exchange 2016 that speaks EWS over HTTP: the `--demo` backend, and the server
 * tests and benchmarks run against.
 *
 *     const sim = await startSimulator();
 *     // POST SOAP to sim.url with Basic auth alex@contoso.test / Demo-Pass-1
 *     await sim.close();
 */
import { type ConnectionInfo, serveHttp } from "../server/runtime.ts";
import { type FaultHook, FaultInjector, type InjectedFault } from "./control/faults.ts";
import { type SimulatorStats, StatsCollector } from "./control/stats.ts";
import { demoOrganisation } from "./seed/demo.ts";
import { AUTODISCOVER_PATH, createApp, EWS_PATH, type RecordedExchange } from "./soap/app.ts";
import { autodiscover } from "./auth/autodiscover.ts";
import { createSchemaValidator, type SchemaValidator } from "./soap/schema.ts";
import type { Authenticator } from "./soap/auth.ts";
import { basicAuthenticator } from "./soap/auth.ts";
import { type NtlmAuthenticator, ntlmAuthenticator, type NtlmOptions } from "./auth/ntlm.ts";
import { type OAuthOptions, OAuthServer } from "./auth/oauth.ts";
import type { Organisation } from "./store/organisation.ts";

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default: a fresh `demoOrganisation()`. */
  organisation?: Organisation;
  /**
   * Validate every request against the EWS schema (`sim/schema/`, embedded in the program);
   * invalid ones get ErrorSchemaValidation.
   */
  validateSchema?: boolean;
  /** Keep every SOAP exchange in `exchanges`. */
  record?: boolean;
  /** Delay every reply by this many milliseconds. */
  latencyMs?: number;
  /** Impersonated requests must carry a matching X-AnchorMailbox, as in Exchange Online. */
  strictRouting?: boolean;
  /** Which sign-in schemes the EWS virtual directory offers, and how they behave. */
  auth?: SimulatorAuthOptions;
  /** Serve HTTPS with this certificate (PEM) and key. */
  tls?: { cert: string; key: string };
}

export type AuthSchemeName = "Negotiate" | "NTLM" | "Basic" | "Bearer";

export interface SimulatorAuthOptions {
  /** Offered schemes, in challenge order (default: all four, as on-premises with hybrid OAuth). */
  schemes?: AuthSchemeName[];
  ntlm?: Omit<NtlmOptions, "scheme">;
  oauth?: OAuthOptions;
}

/** The sign-in machinery, for tests to inspect and disturb. */
export interface SimulatorAuth {
  ntlm: NtlmAuthenticator;
  negotiate: NtlmAuthenticator;
  oauth: OAuthServer;
}

/** Fault injection and reset controls, shared by the in-process handler and the server. */
export interface SimulatorControls {
  organisation: Organisation;
  stats: SimulatorStats;
  /** Recorded exchanges (empty unless `record` is on). */
  exchanges: RecordedExchange[];
  /** Authorization header values received (empty unless `record` is on). */
  authorizations: string[];
  /** The next `count` SOAP requests fail: HTTP `status`, or an EWS fault (ErrorServerBusy by default). */
  failNext(count?: number, fault?: InjectedFault): void;
  /** Fails requests a hook picks (by operation or account); undefined removes the hook. */
  injectFault(hook: FaultHook | undefined): void;
  /** Drops queued faults and the hook. */
  clearFaults(): void;
  /** Zeroes the counters and forgets recorded exchanges. */
  resetStats(): void;
  auth: SimulatorAuth;
}

export interface RunningSimulator extends SimulatorControls {
  /** e.g. `http://127.0.0.1:PORT/EWS/Exchange.asmx` */
  url: string;
  /** Base of the token endpoint (EWS_OAUTH_AUTHORITY), e.g. `http://127.0.0.1:PORT`. */
  authority: string;
  port: number;
  close(): Promise<void>;
}

export type SimulatorHandler =
  & ((request: Request, info?: ConnectionInfo) => Promise<Response>)
  & SimulatorControls;

/** The simulator as a fetch handler, for in-process use without a socket. */
export function createSimulatorHandler(
  organisation: Organisation = demoOrganisation(),
  options: Omit<SimulatorOptions, "hostname" | "port" | "organisation"> = {},
): SimulatorHandler {
  const stats = new StatsCollector();
  const faults = new FaultInjector();
  const exchanges: RecordedExchange[] = [];
  const authorizations: string[] = [];
  let validator: Promise<SchemaValidator> | undefined;
  const auth: SimulatorAuth = {
    ntlm: ntlmAuthenticator({ ...options.auth?.ntlm, scheme: "NTLM" }),
    negotiate: ntlmAuthenticator({ ...options.auth?.ntlm, scheme: "Negotiate" }),
    oauth: new OAuthServer(organisation, options.auth?.oauth),
  };
  auth.oauth.record = options.record ?? false;
  const byName: Record<AuthSchemeName, Authenticator> = {
    Negotiate: auth.negotiate,
    NTLM: auth.ntlm,
    Basic: basicAuthenticator(organisation.domain),
    Bearer: auth.oauth.authenticator(),
  };
  const schemes = options.auth?.schemes ?? ["Negotiate", "NTLM", "Basic", "Bearer"];
  const app = createApp({
    organisation,
    stats,
    faults,
    latencyMs: options.latencyMs ?? 0,
    strictRouting: options.strictRouting,
    exchanges: options.record ? exchanges : undefined,
    authorizations: options.record ? authorizations : undefined,
    validator: options.validateSchema ? () => validator ??= createSchemaValidator() : undefined,
    authenticators: schemes.map((name) => byName[name]),
    routes: (hono) => {
      hono.post(
        "/:tenant/oauth2/v2.0/token",
        (c) => auth.oauth.token(c.req.raw, c.req.param("tenant")),
      );
      hono.post(AUTODISCOVER_PATH, (c) => autodiscover(c, organisation, EWS_PATH));
    },
  });
  const handler = async (request: Request, info?: ConnectionInfo) =>
    await app.fetch(request, { connection: info ?? { remoteAddress: "", remotePort: 0 } });
  const controls: SimulatorControls = {
    organisation,
    stats: stats.stats,
    exchanges,
    authorizations,
    failNext: (count = 1, fault = {}) => faults.failNext(count, fault),
    injectFault: (hook) => faults.setHook(hook),
    clearFaults: () => faults.clear(),
    resetStats: () => {
      stats.reset();
      exchanges.length = 0;
    },
    auth,
  };
  return Object.assign(handler, controls);
}

/** Starts the simulator on a socket. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const organisation = options.organisation ?? demoOrganisation();
  const handler = createSimulatorHandler(organisation, options);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await serveHttp(handler, {
    hostname,
    port: options.port ?? 0,
    tls: options.tls,
  });
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const origin = `${options.tls ? "https" : "http"}://${host}:${server.port}`;
  return {
    url: `${origin}${EWS_PATH}`,
    authority: origin,
    port: server.port,
    organisation,
    stats: handler.stats,
    exchanges: handler.exchanges,
    authorizations: handler.authorizations,
    failNext: handler.failNext,
    injectFault: handler.injectFault,
    clearFaults: handler.clearFaults,
    resetStats: handler.resetStats,
    auth: handler.auth,
    close: () => server.close(),
  };
}

export {
  DEMO_ACCOUNTS,
  DEMO_DOMAIN,
  type DemoAccount,
  type DemoOptions,
  demoOrganisation,
} from "./seed/demo.ts";
export {
  Organisation,
  type OrganisationOptions,
  type OutgoingMessage,
} from "./store/organisation.ts";
export { Mailbox, type NewMessage } from "./store/mailbox.ts";
export type * from "./store/types.ts";
export { decodeId, encodeId } from "./store/ids.ts";
export type { FaultHook, InjectedFault, RecordedExchange, SimulatorStats };
export { createSchemaValidator, type SchemaError, type SchemaValidator } from "./soap/schema.ts";
export { EWS_PATH };
export { DEMO_APP, DEMO_TENANT, EWS_SCOPE, type OAuthApp } from "./auth/oauth.ts";
