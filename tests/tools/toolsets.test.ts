/** Toolsets: names and profiles, how they combine with ENABLE_*, and the dynamic mode. */
import assert from "node:assert/strict";
import { parseCli } from "../../config/cli.ts";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { selectToolsets, TOOL_MODULES } from "../../tools/registry.ts";
import { parseToolsets, PROFILES, TOOLSETS } from "../../tools/toolsets.ts";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createApp } from "../../app.ts";
import { createLogger } from "../../ews/log.ts";
import type { SessionOptions } from "../../server/mcp.ts";

const base = {
  EWS_SERVER_URL: "mail.contoso.com",
  EWS_EMAIL: "alex@contoso.com",
  EWS_PASSWORD: "secret",
};
const areas = (set: Set<string>) => [...set].sort();
const names = (tools: { name: string }[]) => tools.map((t) => t.name).sort();

Deno.test("every area with tools has a toolset, and toolset names are unique", () => {
  for (const module of TOOL_MODULES) {
    assert.ok(TOOLSETS.some((t) => t.area === module.area), `no toolset for ${module.area}`);
  }
  const all = TOOLSETS.flatMap((t) => [t.name, ...t.aliases]);
  assert.equal(new Set(all).size, all.length);
  for (const members of Object.values(PROFILES)) {
    for (const name of members) assert.ok(TOOLSETS.some((t) => t.name === name), name);
  }
});

Deno.test("toolset names, aliases and profiles resolve to areas; unknown names are listed", () => {
  assert.deepEqual(areas(parseToolsets("mail, Calendar").areas), ["calendar", "email"]);
  assert.deepEqual(areas(parseToolsets("email,oof").areas), ["email", "oof"]);
  assert.deepEqual(areas(parseToolsets("all").areas), [
    "attachments",
    "calendar",
    "contacts",
    "email",
    "folders",
    "oof",
    "tasks",
  ]);
  assert.deepEqual(areas(parseToolsets("default,tasks").areas), [
    "attachments",
    "calendar",
    "contacts",
    "email",
    "folders",
    "tasks",
  ]);
  const bad = parseToolsets("mail,games");
  assert.equal(bad.problems.length, 1);
  assert.match(
    bad.problems[0],
    /unknown toolset "games" \(known: mail, .*out-of-office, default, all\)/,
  );
});

Deno.test("--toolsets wins over EWS_TOOLSETS; ENABLE_<AREA> adds or removes an area", () => {
  const flag = loadConfig({ ...base, EWS_TOOLSETS: "mail" }, parseCli(["--toolsets", "tasks"]));
  assert.deepEqual(areas(flag.enabledAreas), ["tasks"]);
  assert.equal(flag.toolsetsNamed, true);

  const added = loadConfig({ ...base, ENABLE_OOF: "true" }, parseCli([]));
  assert.ok(added.enabledAreas.has("oof"), "ENABLE_OOF=true adds out-of-office to the default");

  const removed = loadConfig(
    { ...base, EWS_TOOLSETS: "all", ENABLE_EMAIL: "false" },
    parseCli([]),
  );
  assert.ok(!removed.enabledAreas.has("email"));
  assert.ok(!removed.availableAreas.has("email"), "switched off for dynamic mode too");

  const defaulted = loadConfig(base, parseCli([]));
  assert.equal(defaulted.toolsetsNamed, false);
  assert.equal(defaulted.dynamicToolsets, false);
  assert.equal(
    loadConfig({ ...base, EWS_DYNAMIC_TOOLSETS: "true" }, parseCli([])).dynamicToolsets,
    true,
  );
  assert.equal(loadConfig(base, parseCli(["--dynamic-toolsets"])).dynamicToolsets, true);
});

Deno.test("an unknown toolset stops the server at start with a clear line", () => {
  assert.throws(
    () => loadConfig({ ...base, EWS_TOOLSETS: "mail,calender" }, parseCli([])),
    (error) =>
      error instanceof ConfigError &&
      /EWS_TOOLSETS: unknown toolset "calender"/.test(error.message),
  );
});

/** A server for `env` (no Exchange is contacted) and a client connected to it in process. */
async function connect(env: Record<string, string>, session: SessionOptions) {
  const config = loadConfig({ ...base, ...env }, parseCli([]));
  const app = createApp(config, createLogger("ERROR", () => {}));
  const server = app.createServer(session);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "toolsets", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
      app.close();
    },
  };
}

Deno.test("dynamic mode offers the toolsets switched on, only read-only tools when read-only", async () => {
  const { client, close } = await connect({
    EWS_DYNAMIC_TOOLSETS: "true",
    EWS_READ_ONLY: "true",
    ENABLE_FOLDERS: "false",
  }, { stateful: true });
  try {
    assert.equal(client.getServerCapabilities()?.tools?.listChanged, true);
    assert.deepEqual(names((await client.listTools()).tools), ["enable_toolset", "list_toolsets"]);
    const listed = await client.callTool({ name: "list_toolsets", arguments: {} });
    const offered = (listed.structuredContent as { toolsets: { name: string }[] }).toolsets;
    const expected = selectToolsets({
      enabledAreas: new Set(TOOLSETS.map((t) => t.area).filter((a) => a !== "folders")),
      readOnly: true,
    }).map((s) => s.toolset.name);
    assert.deepEqual(offered.map((t) => t.name), expected);
    assert.ok(expected.includes("mail") && !expected.includes("folders"));
    const folders = await client.callTool({
      name: "enable_toolset",
      arguments: { toolsets: ["folders"] },
    });
    assert.equal(folders.isError, true, "a switched-off area cannot be enabled");
    const oof = await client.callTool({
      name: "enable_toolset",
      arguments: { toolsets: ["out-of-office"] },
    });
    assert.deepEqual((oof.structuredContent as { added_tools: string[] }).added_tools, [
      "get_oof_settings",
    ]);
    assert.deepEqual(names((await client.listTools()).tools), [
      "enable_toolset",
      "get_oof_settings",
      "list_toolsets",
    ]);
  } finally {
    await close();
  }
});

Deno.test("without a stateful session dynamic mode serves the configured toolsets", async () => {
  // What stateless HTTP does: a server per request, no session whose list could change.
  const { client, close } = await connect(
    { EWS_DYNAMIC_TOOLSETS: "true", EWS_TOOLSETS: "out-of-office" },
    {},
  );
  try {
    assert.deepEqual(names((await client.listTools()).tools), [
      "get_oof_settings",
      "set_oof_settings",
    ]);
    assert.equal(client.getServerCapabilities()?.tools?.listChanged, false);
    assert.doesNotMatch(client.getInstructions() ?? "", /enable_toolset/);
  } finally {
    await close();
  }
});
