/** The command line: help, version, and a configuration that fails early and plainly. */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { VERSION } from "../../version.ts";
import { cleanEnv, REPO, type Target, TARGETS } from "./targets.ts";

/** A configuration good enough to start serving (nothing contacts Exchange before a tool call). */
const SERVE_ENV = {
  EWS_SERVER_URL: "http://127.0.0.1:9/EWS/Exchange.asmx",
  EWS_EMAIL: "alex@contoso.test",
  EWS_PASSWORD: "Demo-Pass-1",
};

/** Holds a free port open, as another program would, until `release`. */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Starts the program and resolves once its output (stdout + stderr) matches `ready`. */
function startUntil(target: Target, args: string[], ready: RegExp) {
  const child: ChildProcess = spawn(target.command, [...target.args, ...args], {
    cwd: REPO,
    env: cleanEnv({ LOG_LEVEL: "INFO" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const started = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started:\n${output}`)), 30_000);
    const onData = (chunk: Uint8Array) => {
      output += new TextDecoder().decode(chunk);
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  const stop = () =>
    new Promise<string>((resolve) => {
      if (child.exitCode !== null) return resolve(output);
      child.on("exit", () => resolve(output));
      child.kill("SIGTERM");
    });
  return { started, stop };
}

const SOAP_NS = `xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
  xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"`;

/** A GetFolder request; `swapped` puts FolderIds before FolderShape, which the schema forbids. */
function getFolder(swapped: boolean): string {
  const shape = "<m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>";
  const ids = '<m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds>';
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope ${SOAP_NS}><s:Header>` +
    '<t:RequestServerVersion Version="Exchange2016"/></s:Header><s:Body><m:GetFolder>' +
    (swapped ? ids + shape : shape + ids) + "</m:GetFolder></s:Body></s:Envelope>";
}

/** `sim --validate` answers a swapped GetFolder with ErrorSchemaValidation, a valid one with NoError. */
async function assertValidatingSimulator(target: Target): Promise<void> {
  const sim = startUntil(target, ["sim", "--port", "0", "--validate"], /EWS URL: (\S+)/);
  try {
    const url = (await sim.started)[1];
    const post = async (xml: string) => {
      const response = await fetch(url, {
        method: "POST",
        body: xml,
        headers: {
          "Content-Type": "text/xml; charset=utf-8",
          Authorization: `Basic ${btoa("alex@contoso.test:Demo-Pass-1")}`,
        },
      });
      return { status: response.status, text: await response.text() };
    };
    const invalid = await post(getFolder(true));
    assert.equal(invalid.status, 500, invalid.text);
    assert.match(invalid.text, /ErrorSchemaValidation/);
    const valid = await post(getFolder(false));
    assert.equal(valid.status, 200, valid.text);
    assert.match(valid.text, /<m:ResponseCode>NoError<\/m:ResponseCode>/);
  } finally {
    await sim.stop();
  }
}

Deno.test("cli: `sim --validate` reads no files: the schema and xmllint are embedded", () =>
  // Without read access (but .env), as a compiled binary has no sim/schema/ or node_modules.
  assertValidatingSimulator({
    name: "deno run, no read access",
    command: Deno.execPath(),
    args: [
      "run",
      "--no-prompt",
      "--allow-net",
      "--allow-env",
      "--allow-read=.env",
      `${REPO}mod.ts`,
    ],
  }));

for (const target of TARGETS) {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(target.command, [...target.args, ...args], {
      cwd: REPO,
      env: cleanEnv(env),
      encoding: "utf8",
    });

  Deno.test({
    name: `cli (${target.name}): --help and --version`,
    ignore: target.missing !== undefined,
    fn() {
      const help = run(["--help"]);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /--transport stdio\|http/);
      const version = run(["--version"]);
      assert.equal(version.status, 0);
      assert.equal(version.stdout.trim(), `ews-mcp ${VERSION}`);
      // As `deno task start -- --version` passes them.
      const afterDashes = run(["--", "--version"]);
      assert.equal(afterDashes.stdout.trim(), `ews-mcp ${VERSION}`, afterDashes.stderr);
    },
  });

  Deno.test({
    name: `cli (${target.name}): an invalid configuration fails at start, one line per problem`,
    ignore: target.missing !== undefined,
    fn() {
      const result = run([], {
        EWS_SERVER_URL: "mail.contoso.com",
        MCP_PORT: "99999",
        EWS_IMPERSONATION_TYPE: "root",
      });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, "", "nothing on stdout");
      const problems = result.stderr.split("\n").filter((l) => l.startsWith("  - "));
      assert.equal(problems.length, 4, result.stderr);
      assert.match(result.stderr, /EWS_EMAIL is required/);
      assert.match(result.stderr, /EWS_PASSWORD is required/);
      assert.match(result.stderr, /MCP_PORT/);
      assert.match(result.stderr, /EWS_IMPERSONATION_TYPE/);
      const bad = run(["--bogus"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /bogus/);
    },
  });

  Deno.test({
    name: `cli (${target.name}): an unknown option is named plainly, quotes balanced`,
    ignore: target.missing !== undefined,
    fn() {
      for (const option of ["--bogus", "-x"]) {
        const result = run([option]);
        assert.equal(result.status, 2);
        const [first] = result.stderr.split("\n");
        assert.equal(first, `ews-mcp: unknown option ${option}`);
      }
      const simOnly = run(["--validate"]);
      assert.equal(simOnly.status, 2);
      assert.match(simOnly.stderr, /^ews-mcp: --validate and --latency apply to the simulator/);
      const badLatency = run(["sim", "--latency", "5x"]);
      assert.equal(badLatency.status, 2);
      assert.match(badLatency.stderr, /^ews-mcp: --latency needs a whole number of milliseconds/);
    },
  });

  Deno.test({
    name: `cli (${target.name}): a port in use is one line and exit code 2 (http and sim)`,
    ignore: target.missing !== undefined,
    async fn() {
      const taken = await occupyPort();
      try {
        const message = `Port ${taken.port} is in use; choose another with --port`;
        for (
          const args of [
            ["--transport", "http", "--port", String(taken.port)],
            ["sim", "--port", String(taken.port)],
          ]
        ) {
          const result = run(args, SERVE_ENV);
          assert.equal(result.status, 2, `${args.join(" ")}:\n${result.stderr}`);
          const lines = result.stderr.trimEnd().split("\n");
          assert.equal(lines.at(-1), message, result.stderr);
          // Only log lines may precede it: no stack trace, no source dump.
          for (const line of lines.slice(0, -1)) assert.match(line, /^\d{4}-\d\d-\d\dT/, line);
          assert.doesNotMatch(result.stderr, /^\s+at |error:|EADDRINUSE/m);
        }
      } finally {
        await taken.release();
      }
    },
  });

  Deno.test({
    name: `cli (${target.name}): \`sim --validate\` rejects a schema-invalid request`,
    ignore: target.missing !== undefined,
    fn: () => assertValidatingSimulator(target),
  });

  Deno.test({
    name: `cli (${target.name}): serving HTTP prints no runtime warning on the first request`,
    ignore: target.missing !== undefined,
    async fn() {
      const server = startUntil(
        target,
        ["--demo", "--transport", "http", "--port", "0"],
        /MCP over HTTP on (\S+)/,
      );
      let output = "";
      try {
        const url = (await server.started)[1];
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json, text/event-stream",
          },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: {
              protocolVersion: "2025-06-18",
              capabilities: {},
              clientInfo: { name: "cli-test", version: "1" },
            },
          }),
        });
        assert.equal(response.status, 200);
        assert.match(await response.text(), /"serverInfo"/);
      } finally {
        output = await server.stop();
      }
      // Deno warned "request.signal aborts on successful responses (legacy behavior)" here.
      assert.doesNotMatch(output, /Deno\.serve|legacy|warning/i);
    },
  });

  Deno.test({
    name: `cli (${target.name}): \`sim\` prints the EWS URL and demo accounts`,
    ignore: target.missing !== undefined,
    async fn() {
      const { spawn } = await import("node:child_process");
      const child = spawn(target.command, [...target.args, "sim", "--port", "0"], {
        cwd: REPO,
        env: cleanEnv(),
      });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner:\n${out}`)), 30_000);
        child.stdout.on("data", (chunk: Uint8Array) => {
          out += new TextDecoder().decode(chunk);
          if (/ceo@contoso\.test/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /EWS URL: (\S+)/.exec(out)?.[1];
      assert.ok(url?.endsWith("/EWS/Exchange.asmx"), out);
      assert.match(out, /alex@contoso\.test\s+Demo-Pass-1/);
      const unauthorised = await fetch(url!, { method: "POST", body: "<x/>" });
      assert.equal(unauthorised.status, 401);
      await unauthorised.body?.cancel();
      await new Promise<void>((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  });
}
