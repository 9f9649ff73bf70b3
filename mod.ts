#!/usr/bin/env -S deno run --allow-net --allow-env --allow-read --allow-write
/**
 * ews-mcp: an MCP server for Microsoft Exchange mailboxes over EWS.
 *
 * The entry point: parses flags and configuration, optionally starts the built-in simulator
 * (`--demo`, `sim`), and serves MCP over stdio or HTTP.
 */
import process from "node:process";
import { autodiscoverEndpoint, createApp } from "./app.ts";
import type { EwsError } from "./ews/errors.ts";
import { type CliArgs, parseCli, USAGE } from "./config/cli.ts";
import { ConfigError, loadConfig } from "./config/config.ts";
import { readDotenv } from "./config/dotenv.ts";
import { createLogger } from "./ews/log.ts";
import { maxMessageBytes } from "./server/limits.ts";
import { createJsonLogger } from "./server/logging.ts";
import { onShutdown, PortInUseError } from "./server/runtime.ts";
import { startStdioServer } from "./server/stdio.ts";
import type { DemoAccount, OAuthApp } from "./sim/mod.ts";
import { VERSION } from "./version.ts";

async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    // A first-run mistake, not a crash: one line, no stack (and no bundled source from a binary).
    if (error instanceof PortInUseError) {
      process.stderr.write(`${error.message}; choose another with --port\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[]): Promise<number> {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    process.stderr.write(`ews-mcp: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (cli.version) {
    process.stdout.write(`ews-mcp ${VERSION}\n`);
    return 0;
  }
  // Process environment wins over .env, flags win over both.
  const env: Record<string, string | undefined> = { ...readDotenv(".env"), ...process.env };

  if (cli.command === "sim") return await runSimulator(cli);

  let closeDemo: (() => Promise<void>) | undefined;
  if (cli.demo) {
    // The simulator is loaded only when asked for: a production start does not pay for it.
    const { DEMO_ACCOUNTS, DEMO_APP, DEMO_TENANT, startSimulator } = await import("./sim/mod.ts");
    const sim = await startSimulator({
      hostname: "127.0.0.1",
      port: 0,
      validateSchema: cli.validate,
      latencyMs: cli.latencyMs,
    });
    closeDemo = () => sim.close();
    const service = DEMO_ACCOUNTS[0];
    // The demo speaks basic, ntlm and oauth2 (EWS_AUTH_TYPE picks; bearer needs a token).
    const authType = /^(ntlm|oauth2)$/i.test(env.EWS_AUTH_TYPE ?? "")
      ? env.EWS_AUTH_TYPE!.toLowerCase()
      : "basic";
    Object.assign(env, {
      EWS_SERVER_URL: sim.url,
      EWS_EMAIL: service.email,
      EWS_USERNAME: service.email,
      EWS_PASSWORD: service.password,
      EWS_AUTH_TYPE: authType,
      EWS_CLIENT_ID: DEMO_APP.clientId,
      EWS_CLIENT_SECRET: DEMO_APP.secret,
      EWS_TENANT_ID: DEMO_TENANT,
      EWS_OAUTH_AUTHORITY: new URL(sim.url).origin,
      EWS_IMPERSONATION_ENABLED: "true",
      EWS_IMPERSONATION_TYPE: env.EWS_IMPERSONATION_TYPE ?? "impersonation",
    });
    // stderr: in stdio mode stdout belongs to the protocol.
    process.stderr.write(demoBanner(sim.url, DEMO_ACCOUNTS, DEMO_APP, DEMO_TENANT));
  }

  let config;
  try {
    config = loadConfig(env, cli);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ews-mcp: ${error.message}\n`);
      await closeDemo?.();
      return 2;
    }
    throw error;
  }
  const logger = config.logFormat === "json"
    ? createJsonLogger(config.logLevel)
    : createLogger(config.logLevel);
  if (config.ews.autodiscover) {
    try {
      await autodiscoverEndpoint(config, logger);
    } catch (error) {
      process.stderr.write(`ews-mcp: ${(error as EwsError).describe?.() ?? error}\n`);
      await closeDemo?.();
      return 1;
    }
  }
  const app = createApp(config, logger);
  if (cli.command === "check") {
    const { runCheck } = await import("./check.ts");
    const result = await runCheck(config, app, cli.mailboxes);
    process.stdout.write(result.lines.join("\n") + "\n");
    app.close();
    await closeDemo?.();
    return result.ok ? 0 : 1;
  }
  logger.info(`ews-mcp ${VERSION}`, {
    ews: config.ews.endpoint.href,
    account: config.ews.email,
    impersonation: config.impersonation.enabled ? config.impersonation.type : "off",
    tools: app.tools.length,
    readOnly: config.readOnly,
    dynamicToolsets: config.dynamicToolsets,
  });

  let stop: () => Promise<void>;
  if (config.mcp.transport === "http") {
    if (config.dynamicToolsets) {
      logger.warn(
        "Dynamic toolsets need a stateful connection; stateless HTTP serves the configured " +
          `toolsets instead (${app.tools.length} tools).`,
      );
    }
    // HTTP mode's modules (hono, jose) are loaded only here: a stdio start does not pay for them.
    const { exposureProblems, startHttpServer } = await import("./server/http.ts");
    const { httpServerOptions } = await import("./server/http_options.ts");
    const options = httpServerOptions(config, app, logger);
    const problems = exposureProblems(options);
    if (problems.length > 0) {
      process.stderr.write(
        `ews-mcp: ${new ConfigError(problems).message}\n`,
      );
      app.close();
      await closeDemo?.();
      return 2;
    }
    const server = await startHttpServer(() => app.createServer(), options).catch(
      async (error) => {
        app.close();
        await closeDemo?.();
        throw error;
      },
    );
    // Calls in flight get time to finish (within Kubernetes' default 30 s grace period).
    stop = () => server.close(25_000);
  } else {
    const handle = startStdioServer(
      () => app.createServer({ stateful: true }),
      logger,
      maxMessageBytes(app.tools),
    );
    stop = () => handle.close();
    // A client that closes our stdin is done with us.
    process.stdin.on("end", () => shutdown());
  }
  const shutdown = async () => {
    logger.info("Shutting down");
    await stop();
    app.close();
    await closeDemo?.();
    process.exit(0);
  };
  onShutdown(shutdown);
  return -1;
}

async function runSimulator(cli: CliArgs): Promise<number> {
  const { DEMO_ACCOUNTS, DEMO_APP, DEMO_TENANT, startSimulator } = await import("./sim/mod.ts");
  const sim = await startSimulator({
    hostname: cli.host ?? "127.0.0.1",
    port: cli.port ? Number(cli.port) : 0,
    validateSchema: cli.validate,
    latencyMs: cli.latencyMs,
  });
  process.stdout.write(demoBanner(sim.url, DEMO_ACCOUNTS, DEMO_APP, DEMO_TENANT));
  onShutdown(() => sim.close());
  return -1;
}

function demoBanner(
  url: string,
  accounts: readonly DemoAccount[],
  app: OAuthApp,
  tenant: string,
): string {
  const lines = [
    "EWS simulator (demo organisation contoso.test)",
    `  EWS URL: ${url}`,
    "  Accounts (address / password):",
    ...accounts.map((a) => `    ${a.email.padEnd(22)} ${a.password.padEnd(13)} ${a.role}`),
    "  Sign-in: Basic, NTLM/Negotiate (CONTOSO\\alex or alex@contoso.test), Bearer; OAuth2 with",
    `    EWS_OAUTH_AUTHORITY=${new URL(url).origin} EWS_TENANT_ID=${tenant}`,
    `    EWS_CLIENT_ID=${app.clientId} EWS_CLIENT_SECRET=${app.secret}`,
    "",
  ];
  return lines.join("\n") + "\n";
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
}
