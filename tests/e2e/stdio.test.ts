/** The real program over stdio, driven by the MCP SDK client, against the embedded demo. */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ALL_TOOLS, cleanEnv, REPO, TARGETS } from "./targets.ts";

for (const target of TARGETS) {
  Deno.test({
    name: `stdio (${target.name}): list tools, impersonated read, denied and unknown mailboxes`,
    ignore: target.missing !== undefined,
    async fn() {
      const transport = new StdioClientTransport({
        command: target.command,
        args: [...target.args, "--demo"],
        // Every toolset: this test reaches the out-of-office tools (default profile: toolsets.test.ts).
        env: cleanEnv({ LOG_LEVEL: "INFO", EWS_TOOLSETS: "all" }),
        cwd: REPO,
        stderr: "pipe",
      });
      let stderr = "";
      transport.stderr?.on(
        "data",
        (chunk: Uint8Array) => (stderr += new TextDecoder().decode(chunk)),
      );
      const protocolErrors: Error[] = [];
      const client = new Client({ name: "e2e-stdio", version: "1.0.0" });
      client.onerror = (error) => protocolErrors.push(error);
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t) => t.name).sort(), ALL_TOOLS);
        const pat = await client.callTool({
          name: "read_emails",
          arguments: { target_mailbox: "pat@contoso.test", max_results: 3 },
        });
        assert.equal(pat.isError ?? false, false, JSON.stringify(pat.content));
        const data = pat.structuredContent as { mailbox: string; emails: unknown[] };
        assert.equal(data.mailbox, "pat@contoso.test");
        assert.equal(data.emails.length, 3);
        const ceo = await client.callTool({
          name: "read_emails",
          arguments: { target_mailbox: "ceo@contoso.test" },
        });
        assert.equal(ceo.isError, true);
        assert.match(JSON.stringify(ceo.content), /Access denied to mailbox: ceo@contoso.test/);
        const ghost = await client.callTool({
          name: "get_oof_settings",
          arguments: { target_mailbox: "ghost@contoso.test" },
        });
        assert.equal(ghost.isError, true);
        assert.match(JSON.stringify(ghost.content), /Mailbox not found: ghost@contoso.test/);
        assert.deepEqual(protocolErrors, [], "stdout carried only protocol messages");
        assert.match(stderr, /alex@contoso\.test/, "the demo accounts are printed on stderr");
      } finally {
        await client.close();
      }
    },
  });
}
