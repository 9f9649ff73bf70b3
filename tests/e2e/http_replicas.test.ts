/**
 * Scale-out: two replicas of the real program behind a small round-robin proxy, one Exchange
 * (the simulator). Consecutive requests of one client land on alternating replicas, so nothing
 * may depend on per-process session state.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { cleanEnv, REPO, type Target, TARGETS } from "./targets.ts";

const KEY = "replica-test-key-0123456789";

function startReplica(target: Target, env: Record<string, string>) {
  const child = spawn(target.command, [...target.args, "--transport", "http", "--port", "0"], {
    cwd: REPO,
    env: cleanEnv({ LOG_LEVEL: "INFO", ...env }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const url = new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${log}`)), 30_000);
    child.stderr.on("data", (chunk: Uint8Array) => {
      log += new TextDecoder().decode(chunk);
      const match = /MCP over HTTP on (http:\/\/\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`replica exited with ${code}:\n${log}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url, stop };
}

/** Forwards each request to the next replica in turn; counts what each one served. */
function roundRobin(upstreams: URL[]) {
  const served = upstreams.map(() => 0);
  let next = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const index = next++ % upstreams.length;
    served[index]++;
    const incoming = new URL(request.url);
    const target = new URL(incoming.pathname + incoming.search, upstreams[index]);
    const headers = new Headers(request.headers);
    headers.set("host", `localhost:${upstreams[index].port}`);
    const response = await fetch(target, {
      method: request.method,
      headers,
      body: request.body ? await request.arrayBuffer() : undefined,
      signal: request.signal,
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
  return { url: new URL(`http://127.0.0.1:${server.addr.port}/mcp`), served, server };
}

for (const target of TARGETS) {
  Deno.test({
    name: `replicas (${target.name}): interleaved calls through a round-robin proxy all succeed`,
    ignore: target.missing !== undefined,
    async fn() {
      const sim = await startSimulator();
      const alex = DEMO_ACCOUNTS[0];
      const env = {
        EWS_SERVER_URL: sim.url,
        EWS_EMAIL: alex.email,
        EWS_PASSWORD: alex.password,
        EWS_IMPERSONATION_ENABLED: "true",
        EWS_TOOLSETS: "all",
        MCP_API_KEYS: `replicas:${KEY}`,
      };
      const replicas = [startReplica(target, env), startReplica(target, env)];
      try {
        const proxy = roundRobin(await Promise.all(replicas.map((r) => r.url)));
        try {
          const client = new Client({ name: "e2e-replicas", version: "1.0.0" });
          await client.connect(
            new StreamableHTTPClientTransport(proxy.url, {
              requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
            }),
          );
          try {
            const subject = `replicas ${crypto.randomUUID()}`;
            for (let round = 0; round < 3; round++) {
              assert.ok((await client.listTools()).tools.length > 0);
              const sales = await client.callTool({
                name: "read_emails",
                arguments: { target_mailbox: "sales@contoso.test", max_results: 2 },
              });
              assert.equal(sales.isError ?? false, false, JSON.stringify(sales.content));
              const oof = await client.callTool({
                name: "get_oof_settings",
                arguments: { target_mailbox: "pat@contoso.test" },
              });
              assert.equal(oof.isError ?? false, false, JSON.stringify(oof.content));
            }
            const sent = await client.callTool({
              name: "send_email",
              arguments: {
                to: ["pat@contoso.test"],
                subject,
                body: "sent through one replica, read through another",
                idempotency_key: subject,
              },
            });
            assert.equal(sent.isError ?? false, false, JSON.stringify(sent.content));
            const inbox = await client.callTool({
              name: "read_emails",
              arguments: { target_mailbox: "pat@contoso.test", max_results: 5 },
            });
            assert.match(JSON.stringify(inbox.structuredContent), new RegExp(subject));
          } finally {
            await client.close();
          }
          assert.ok(proxy.served.every((n) => n >= 5), `both replicas served: ${proxy.served}`);
        } finally {
          await proxy.server.shutdown();
        }
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
        await sim.close();
      }
    },
  });
}
