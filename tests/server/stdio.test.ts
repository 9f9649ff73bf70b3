/**
 * The stdio wire answers what it cannot serve (malformed JSON, non-messages, overlong lines,
 * deep nesting) and keeps serving afterwards.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { silentLogger } from "../../ews/log.ts";
import { StdioWire } from "../../server/stdio_wire.ts";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { INITIALIZE } from "./support.ts";

Deno.test("stdio: bad lines are answered (-32700, -32600) and the server goes on serving", async () => {
  const sim = await startSimulator();
  const app = createApp(
    loadConfig({
      EWS_SERVER_URL: sim.url,
      EWS_EMAIL: DEMO_ACCOUNTS[0].email,
      EWS_PASSWORD: DEMO_ACCOUNTS[0].password,
    }, parseCli([])),
    silentLogger,
  );
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: string[] = [];
  let buffered = "";
  output.on("data", (chunk) => {
    buffered += chunk;
    let at;
    while ((at = buffered.indexOf("\n")) >= 0) {
      lines.push(buffered.slice(0, at));
      buffered = buffered.slice(at + 1);
    }
  });
  const next = async () => {
    for (let i = 0; i < 500 && lines.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const line = lines.shift();
    assert.ok(line, "an answer arrived");
    return JSON.parse(line);
  };
  const limit = 64 * 1024;
  const handle = serveStdio(() => app.createServer({ stateful: true }), {
    transport: new StdioWire(limit, input, output),
  });
  try {
    input.write('{"jsonrpc":"2.0","id":1,\n');
    const malformed = await next();
    assert.equal(malformed.error.code, -32700);
    assert.equal(malformed.id, null);

    input.write('{"hello":"world","id":7}\n');
    const notMessage = await next();
    assert.equal(notMessage.error.code, -32600);
    assert.equal(notMessage.id, 7);

    // An overlong line, in several chunks: skipped to its newline and answered once.
    for (let i = 0; i < 4; i++) input.write("x".repeat(limit / 2));
    input.write("\n");
    const overlong = await next();
    assert.equal(overlong.error.code, -32600);
    assert.match(overlong.error.message, /larger than 65536 bytes/);

    input.write(
      `{"jsonrpc":"2.0","id":2,"method":"ping","params":${"[".repeat(80)}${"]".repeat(80)}}\n`,
    );
    assert.equal((await next()).error.code, -32700);

    input.write(JSON.stringify(INITIALIZE) + "\n");
    const init = await next();
    assert.equal(init.result.serverInfo.name, "ews-mcp");
    input.write(JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }) + "\n");
    assert.ok((await next()).result.tools.length > 0);
  } finally {
    await handle.close();
    app.close();
    await sim.close();
  }
});
