/**
 * Toolsets over stdio with the real program and the SDK client: the default profile, and the
 * dynamic mode, where enabling a toolset announces `notifications/tools/list_changed` and the
 * new tools can be called at once.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { selectToolsets } from "../../tools/registry.ts";
import { parseToolsets } from "../../tools/toolsets.ts";
import { cleanEnv, REPO, TARGETS } from "./targets.ts";

/** The tool names of toolsets, from the registry (the tests hold as tools are added). */
const toolsOf = (spec: string) =>
  selectToolsets({ enabledAreas: parseToolsets(spec).areas, readOnly: false })
    .flatMap((s) => s.tools.map((t) => t.name));

async function connect(command: string, args: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command,
    args: [...args, "--demo"],
    env: cleanEnv({ LOG_LEVEL: "ERROR", ...env }),
    cwd: REPO,
    stderr: "pipe",
  });
  const client = new Client({ name: "e2e-toolsets", version: "1.0.0" });
  const listChanged: number[] = [];
  client.setNotificationHandler(
    "notifications/tools/list_changed",
    () => void listChanged.push(Date.now()),
  );
  await client.connect(transport);
  return { client, listChanged };
}

const names = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

for (const target of TARGETS) {
  Deno.test({
    name: `stdio (${target.name}): the default profile, and no listChanged when the list is fixed`,
    ignore: target.missing !== undefined,
    async fn() {
      const { client } = await connect(target.command, target.args);
      try {
        assert.deepEqual(await names(client), toolsOf("default").sort());
        assert.ok((await names(client)).includes("read_emails"));
        assert.ok(!(await names(client)).includes("get_oof_settings"), "not in the default");
        assert.equal(client.getServerCapabilities()?.tools?.listChanged, false);
      } finally {
        await client.close();
      }
    },
  });

  Deno.test({
    name: `stdio (${target.name}): --dynamic-toolsets loads a toolset on demand and says so`,
    ignore: target.missing !== undefined,
    async fn() {
      const { client, listChanged } = await connect(target.command, [
        ...target.args,
        "--dynamic-toolsets",
      ]);
      try {
        assert.equal(client.getServerCapabilities()?.tools?.listChanged, true);
        assert.match(client.getInstructions() ?? "", /enable_toolset/);
        assert.deepEqual(await names(client), ["enable_toolset", "list_toolsets"]);
        await assert.rejects(
          client.callTool({ name: "read_emails", arguments: {} }),
          /read_emails disabled/,
          "a tool of a toolset not loaded cannot be called",
        );

        const listed = await client.callTool({ name: "list_toolsets", arguments: {} });
        const toolsets = (listed.structuredContent as {
          toolsets: { name: string; enabled: boolean; tools: string[]; bytes: number }[];
        }).toolsets;
        const mail = toolsets.find((t) => t.name === "mail")!;
        assert.equal(mail.enabled, false);
        assert.ok(mail.tools.includes("read_emails"));
        assert.ok(mail.bytes > 0);

        const enabled = await client.callTool({
          name: "enable_toolset",
          arguments: { toolsets: ["mail", "out-of-office"] },
        });
        assert.equal(enabled.isError ?? false, false, JSON.stringify(enabled.content));
        assert.equal(listChanged.length, 1, "one list_changed announces the whole change");
        assert.deepEqual(
          await names(client),
          ["enable_toolset", "list_toolsets", ...toolsOf("mail,out-of-office")].sort(),
        );
        const read = await client.callTool({
          name: "read_emails",
          arguments: { target_mailbox: "pat@contoso.test", max_results: 2 },
        });
        assert.equal(read.isError ?? false, false, JSON.stringify(read.content));
        assert.equal((read.structuredContent as { emails: unknown[] }).emails.length, 2);

        const again = await client.callTool({
          name: "enable_toolset",
          arguments: { toolsets: ["mail"] },
        });
        assert.deepEqual((again.structuredContent as { added_tools: string[] }).added_tools, []);
        assert.equal(listChanged.length, 1, "nothing changed, nothing announced");

        const unknown = await client.callTool({
          name: "enable_toolset",
          arguments: { toolsets: ["games"] },
        });
        assert.equal(unknown.isError, true);
      } finally {
        await client.close();
      }
    },
  });

  Deno.test({
    name: `stdio (${target.name}): --dynamic-toolsets with named toolsets starts with them loaded`,
    ignore: target.missing !== undefined,
    async fn() {
      const { client } = await connect(target.command, target.args, {
        EWS_DYNAMIC_TOOLSETS: "true",
        EWS_TOOLSETS: "out-of-office",
      });
      try {
        assert.deepEqual(await names(client), [
          "enable_toolset",
          "get_oof_settings",
          "list_toolsets",
          "set_oof_settings",
        ]);
      } finally {
        await client.close();
      }
    },
  });
}
