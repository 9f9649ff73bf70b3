/**
 * The HTTP front: a Hono app serving `/EWS/Exchange.asmx` (any letter case, as IIS does) with
 * Basic authentication, latency, fault injection, counters and an optional recording of every
 * SOAP exchange.
 */
import { Hono } from "hono";
import type { ConnectionInfo } from "../../server/runtime.ts";
import type { FaultInjector } from "../control/faults.ts";
import type { StatsCollector } from "../control/stats.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Organisation } from "../store/organisation.ts";
import { authenticate, type Authenticator, basicAuthenticator } from "./auth.ts";
import { handleSoap } from "./endpoint.ts";
import type { SchemaValidator } from "./schema.ts";

export const EWS_PATH = "/EWS/Exchange.asmx";

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
  validator?: () => Promise<SchemaValidator>;
  authenticators?: readonly Authenticator[];
}

type Env = { Bindings: { connection: ConnectionInfo }; Variables: { account: Mailbox } };

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
  app.use(path, async (c, next) => {
    const result = authenticate(c.req.header("authorization"), authenticators, state.organisation);
    if (!result.ok) {
      state.stats.stats.unauthorized++;
      for (const challenge of result.challenges) {
        c.header("WWW-Authenticate", challenge, { append: true });
      }
      return c.text("401 - Unauthorized: Access is denied due to invalid credentials.", 401);
    }
    c.set("account", result.account);
    await next();
  });

  app.get(path, (c) =>
    c.html(
      "<html><head><title>Exchange Web Services</title></head><body>" +
        "<p>You have created a service. Send SOAP requests to this endpoint with POST.</p></body></html>",
    ));

  app.post(path, async (c) => {
    const account = c.get("account");
    const request = await c.req.text();
    const reply = await handleSoap(state.organisation, account, request, {
      validator: state.validator,
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

  app.notFound((c) => c.text("404 - File or directory not found.", 404));
  return app;
}
