/**
 * The HTTP front: a Hono app serving `/EWS/Exchange.asmx` (any letter case, as IIS does) with
 * Basic authentication, latency, fault injection, counters and an optional recording of every
 * SOAP exchange.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { ConnectionInfo } from "../../server/runtime.ts";
import type { FaultInjector } from "../control/faults.ts";
import type { StatsCollector } from "../control/stats.ts";
import type { Organisation } from "../store/organisation.ts";
import { authenticate, type Authenticator, basicAuthenticator, type Principal } from "./auth.ts";
import { handleSoap } from "./endpoint.ts";
import type { SchemaValidator } from "./schema.ts";

export const EWS_PATH = "/EWS/Exchange.asmx";
/** POX Autodiscover, as IIS serves it (matched lower-case, like every path here). */
export const AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml";

/** One request and its reply, as sent over the wire. */
export interface RecordedExchange {
  operation: string;
  request: string;
  response: string;
  status: number;
}

export interface AppState {
  organisation: Organisation;
  stats: StatsCollector;
  faults: FaultInjector;
  latencyMs: number;
  /** Where exchanges go when recording is on. */
  exchanges?: RecordedExchange[];
  /** Authorization header values received, when recording is on. */
  authorizations?: string[];
  validator?: () => Promise<SchemaValidator>;
  authenticators?: readonly Authenticator[];
  /** See EndpointOptions.strictRouting. */
  strictRouting?: boolean;
  /** Extra routes served beside EWS (the OAuth2 token endpoint). */
  routes?: (app: Hono<Env>) => void;
}

export type Env = {
  Bindings: { connection: ConnectionInfo };
  Variables: { principal: Principal };
};

const XML = "text/xml; charset=utf-8";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createApp(state: AppState): Hono<Env> {
  const authenticators = state.authenticators ?? [basicAuthenticator(state.organisation.domain)];
  const app = new Hono<Env>({ getPath: (request) => new URL(request.url).pathname.toLowerCase() });
  const path = EWS_PATH.toLowerCase();

  app.use("*", async (c, next) => {
    const connection = c.env?.connection ?? { remoteAddress: "", remotePort: 0 };
    state.stats.request(connection.remoteAddress, connection.remotePort);
    const started = performance.now();
    await next();
    if (state.latencyMs > 0) await sleep(state.latencyMs);
    state.stats.served(performance.now() - started);
    c.header("request-id", crypto.randomUUID());
    c.header("X-FEServer", "EXSIM01");
  });

  // Every method on the endpoint requires sign-in first, as IIS enforces before ASP.NET runs.
  const requireSignIn: MiddlewareHandler<Env> = async (c, next) => {
    const connection = c.env?.connection;
    const header = c.req.header("authorization");
    if (header) state.authorizations?.push(header);
    const result = authenticate(header, authenticators, {
      organisation: state.organisation,
      connection: connection?.remotePort
        ? `${connection.remoteAddress}|${connection.remotePort}`
        : "",
      certificate: connection?.certificate,
      host: new URL(c.req.url).hostname,
    });
    if (!result.ok) {
      state.stats.stats.unauthorized++;
      // Read the body before answering, as IIS does: the connection stays usable for the next
      // leg of a handshake (NTLM clients resend the body with every leg).
      await c.req.arrayBuffer().catch(() => undefined);
      for (const challenge of result.challenges) {
        c.header("WWW-Authenticate", challenge, { append: true });
      }
      return c.text("401 - Unauthorized: Access is denied due to invalid credentials.", 401);
    }
    c.set("principal", result.principal);
    await next();
  };
  app.use(path, requireSignIn);
  app.use(AUTODISCOVER_PATH, requireSignIn);

  app.get(path, (c) =>
    c.html(
      "<html><head><title>Exchange Web Services</title></head><body>" +
        "<p>You have created a service. Send SOAP requests to this endpoint with POST.</p></body></html>",
    ));

  app.post(path, async (c) => {
    const request = await c.req.text();
    const reply = await handleSoap(state.organisation, c.get("principal"), request, {
      validator: state.validator,
      anchorMailbox: c.req.header("x-anchormailbox"),
      strictRouting: state.strictRouting,
      injectFault: (r) => state.faults.next(r),
    });
    if (reply.operation) state.stats.operation(reply.operation);
    if (reply.fault) state.stats.stats.faults++;
    state.exchanges?.push({
      operation: reply.operation,
      request,
      response: reply.body,
      status: reply.status,
    });
    const isXml = reply.body.startsWith("<?xml");
    return c.body(reply.body, reply.status as 200, {
      "Content-Type": isXml ? XML : "text/plain; charset=utf-8",
    });
  });

  app.all(path, (c) => {
    c.header("Allow", "GET, POST");
    return c.text("405 - HTTP verb used to access this page is not allowed.", 405);
  });

  state.routes?.(app);
  app.notFound((c) => c.text("404 - File or directory not found.", 404));
  return app;
}
