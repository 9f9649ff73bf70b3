/** The real program over Streamable HTTP: the SDK client, and a 2025-era client speaking raw JSON-RPC. */
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { spawn } from "node:child_process";
import { startHttpProcess } from "./http_process.ts";
import { ALL_TOOLS, cleanEnv, REPO, type Target, TARGETS } from "./targets.ts";

/** Starts the server on the demo organisation with every toolset. */
const startHttp = (target: Target, env: Record<string, string> = {}) =>
  startHttpProcess(target, ["--demo"], { EWS_TOOLSETS: "all", ...env });

for (const target of TARGETS) {
  Deno.test({
    name:
      `http (${target.name}): SDK client reads an impersonated mailbox; denied and unknown fail`,
    ignore: target.missing !== undefined,
    async fn() {
      const server = startHttp(target);
      try {
        const client = new Client({ name: "e2e-http", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(await server.url));
        try {
          const { tools } = await client.listTools();
          assert.equal(tools.length, ALL_TOOLS.length);
          const sales = await client.callTool({
            name: "read_emails",
            arguments: { target_mailbox: "sales@contoso.test", max_results: 2 },
          });
          assert.equal(sales.isError ?? false, false, JSON.stringify(sales.content));
          assert.equal(
            (sales.structuredContent as { mailbox: string }).mailbox,
            "sales@contoso.test",
          );
          const ceo = await client.callTool({
            name: "list_folders",
            arguments: { target_mailbox: "ceo@contoso.test" },
          });
          assert.equal(ceo.isError, true);
          assert.match(JSON.stringify(ceo.content), /Access denied to mailbox: ceo@contoso.test/);
          const ghost = await client.callTool({
            name: "read_emails",
            arguments: { target_mailbox: "nobody@contoso.test" },
          });
          assert.equal(ghost.isError, true);
          assert.match(JSON.stringify(ghost.content), /Mailbox not found/);
        } finally {
          await client.close();
        }
      } finally {
        await server.stop();
      }
    },
  });

  Deno.test({
    name: `http (${target.name}): a 2025-era client (plain JSON-RPC) is served too`,
    ignore: target.missing !== undefined,
    async fn() {
      const server = startHttp(target);
      try {
        const url = await server.url;
        const post = async (body: unknown) => {
          const response = await fetch(url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json, text/event-stream",
              "MCP-Protocol-Version": "2025-06-18",
            },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          // The answer may come as JSON or as one SSE event.
          const json = text.trimStart().startsWith("{")
            ? text
            : /^data: (.*)$/m.exec(text)?.[1] ?? text;
          return { status: response.status, body: JSON.parse(json) };
        };
        const init = await post({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "old", version: "1" },
          },
        });
        assert.equal(init.status, 200);
        assert.equal(init.body.result.serverInfo.name, "ews-mcp");
        const call = await post({
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "get_oof_settings", arguments: { target_mailbox: "sales@contoso.test" } },
        });
        assert.equal(call.body.result.structuredContent.mailbox, "sales@contoso.test");
      } finally {
        await server.stop();
      }
    },
  });

  Deno.test({
    name: `http (${target.name}): MCP_AUTH_TOKEN guards the endpoint`,
    ignore: target.missing !== undefined,
    async fn() {
      const server = startHttp(target, { MCP_AUTH_TOKEN: "s3cret-token" });
      try {
        const url = await server.url;
        const denied = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        });
        assert.equal(denied.status, 401);
        await denied.body?.cancel();
        for (const wrong of ["s3cret-tokem", "s3cret", "s3cret-token-and-more"]) {
          const refused = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${wrong}` },
            body: "{}",
          });
          assert.equal(refused.status, 401, wrong);
          await refused.body?.cancel();
        }
        const client = new Client({ name: "e2e-http-auth", version: "1.0.0" });
        await client.connect(
          new StreamableHTTPClientTransport(url, {
            requestInit: { headers: { Authorization: "Bearer s3cret-token" } },
          }),
        );
        assert.equal((await client.listTools()).tools.length, ALL_TOOLS.length);
        await client.close();
      } finally {
        await server.stop();
      }
    },
  });
}

for (const target of TARGETS) {
  Deno.test({
    name: `http (${target.name}): malformed JSON gets a JSON-RPC -32700 answer`,
    ignore: target.missing !== undefined,
    async fn() {
      const server = startHttp(target);
      try {
        const response = await fetch(await server.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json, text/event-stream",
          },
          body: '{"jsonrpc":"2.0",',
        });
        assert.equal(response.status, 400);
        assert.equal((await response.json()).error.code, -32700);
      } finally {
        await server.stop();
      }
    },
  });

  Deno.test({
    name: `http (${target.name}): refuses to serve 0.0.0.0 without client authentication`,
    ignore: target.missing !== undefined,
    async fn() {
      const child = spawn(target.command, [
        ...target.args,
        "--demo",
        "--transport",
        "http",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
      ], {
        cwd: REPO,
        env: cleanEnv({ MCP_ALLOWED_HOSTS: "mcp.contoso.test" }),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let log = "";
      child.stderr.on("data", (chunk: Uint8Array) => (log += new TextDecoder().decode(chunk)));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      assert.equal(code, 2);
      assert.match(log, /no client authentication/);
    },
  });
}
