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
import { createApp, EWS_PATH, type RecordedExchange } from "./soap/app.ts";
import { createSchemaValidator, type SchemaValidator } from "./soap/schema.ts";
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
}

/** Fault injection and reset controls, shared by the in-process handler and the server. */
export interface SimulatorControls {
  organisation: Organisation;
  stats: SimulatorStats;
  /** Recorded exchanges (empty unless `record` is on). */
  exchanges: RecordedExchange[];
  /** The next `count` SOAP requests fail: HTTP `status`, or an EWS fault (ErrorServerBusy by default). */
  failNext(count?: number, fault?: InjectedFault): void;
  /** Fails requests a hook picks (by operation or account); undefined removes the hook. */
  injectFault(hook: FaultHook | undefined): void;
  /** Drops queued faults and the hook. */
  clearFaults(): void;
  /** Zeroes the counters and forgets recorded exchanges. */
  resetStats(): void;
}

export interface RunningSimulator extends SimulatorControls {
  /** e.g. `http://127.0.0.1:PORT/EWS/Exchange.asmx` */
  url: string;
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
  let validator: Promise<SchemaValidator> | undefined;
  const app = createApp({
    organisation,
    stats,
    faults,
    latencyMs: options.latencyMs ?? 0,
    exchanges: options.record ? exchanges : undefined,
    validator: options.validateSchema ? () => validator ??= createSchemaValidator() : undefined,
  });
  const handler = async (request: Request, info?: ConnectionInfo) =>
    await app.fetch(request, { connection: info ?? { remoteAddress: "", remotePort: 0 } });
  const controls: SimulatorControls = {
    organisation,
    stats: stats.stats,
    exchanges,
    failNext: (count = 1, fault = {}) => faults.failNext(count, fault),
    injectFault: (hook) => faults.setHook(hook),
    clearFaults: () => faults.clear(),
    resetStats: () => {
      stats.reset();
      exchanges.length = 0;
    },
  };
  return Object.assign(handler, controls);
}

/** Starts the simulator on a socket. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const organisation = options.organisation ?? demoOrganisation();
  const handler = createSimulatorHandler(organisation, options);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await serveHttp(handler, { hostname, port: options.port ?? 0 });
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${server.port}${EWS_PATH}`,
    port: server.port,
    organisation,
    stats: handler.stats,
    exchanges: handler.exchanges,
    failNext: handler.failNext,
    injectFault: handler.injectFault,
    clearFaults: handler.clearFaults,
    resetStats: handler.resetStats,
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
