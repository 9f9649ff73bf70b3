/**
 * Server instances share their tools' JSON Schemas (HTTP mode builds an instance per request),
 * converted from zod at build time, not at start.
 */
import assert from "node:assert/strict";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { createLogger } from "../../ews/log.ts";
import { readEmails } from "../../tools/email/read_emails.ts";

Deno.test("a tool's schemas are never converted at run time, for any server instance", async () => {
  // Count zod's conversions of one tool's schemas (the SDK converts through `~standard`).
  type Convert = (options: unknown) => unknown;
  const std = (schema: unknown) =>
    (schema as StandardSchemaWithJSON)["~standard"].jsonSchema as unknown as Record<
      string,
      Convert
    >;
  let conversions = 0;
  for (const schema of [readEmails.input, readEmails.output]) {
    const json = std(schema);
    for (const io of ["input", "output"] as const) {
      const convert = json[io];
      json[io] = (options: unknown) => {
        conversions++;
        return convert(options);
      };
    }
  }
  const app = createApp(
    loadConfig({
      EWS_SERVER_URL: "https://exchange.invalid/EWS/Exchange.asmx",
      EWS_EMAIL: "alex@contoso.test",
      EWS_PASSWORD: "x",
      EWS_TOOLSETS: "all",
    }, parseCli([])),
    createLogger("ERROR", () => {}),
  );
  const listOnce = async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = app.createServer();
    await server.connect(serverSide);
    const client = new Client({ name: "schema-test", version: "1.0.0" });
    await client.connect(clientSide);
    const tools = (await client.listTools()).tools;
    await client.close();
    await server.close();
    return tools.find((t) => t.name === "read_emails");
  };
  try {
    const first = await listOnce();
    assert.ok(first?.outputSchema);
    const after = conversions;
    // Converted at build time (tools/json_schemas.generated.ts): not even once at run time.
    assert.equal(after, 0, `${after} conversions for the first instance`);
    for (let i = 0; i < 5; i++) assert.deepEqual(await listOnce(), first);
    assert.equal(conversions, after, "later instances reuse the converted schemas");
  } finally {
    app.close();
  }
});
