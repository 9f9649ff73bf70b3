/**
 * The mail tools end to end over stdio against the embedded demo, for the source and the compiled
 * binary: search, bulk read, flag, reply in the thread, follow changes, move and delete, in the
 * own mailbox and by impersonation.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { cleanEnv, REPO, TARGETS } from "./targets.ts";

for (const target of TARGETS) {
  Deno.test({
    name: `stdio (${target.name}): mail tools search, read, flag, reply, sync, move and delete`,
    ignore: target.missing !== undefined,
    async fn() {
      const client = new Client({ name: "e2e-mail", version: "1.0.0" });
      await client.connect(
        new StdioClientTransport({
          command: target.command,
          args: [...target.args, "--demo"],
          env: cleanEnv({ LOG_LEVEL: "ERROR" }),
          cwd: REPO,
          stderr: "pipe",
        }),
      );
      // deno-lint-ignore no-explicit-any
      const call = async (name: string, args: Record<string, unknown>): Promise<any> => {
        const result = await client.callTool({ name, arguments: args });
        assert.equal(result.isError ?? false, false, `${name}: ${JSON.stringify(result.content)}`);
        return result.structuredContent;
      };
      try {
        for (const target_mailbox of [undefined, "pat@contoso.test"]) {
          const own = target_mailbox ? { target_mailbox } : {};
          const state = await call("get_changes", own);
          const found = await call("search_emails", { ...own, max_results: 3 });
          assert.equal(found.emails.length, 3);
          const ids = found.emails.map((e: { id: string }) => e.id);
          const bulk = await call("get_emails_bulk", { ...own, email_ids: ids, unique_only: true });
          assert.equal(bulk.emails.length, 3);
          await call("update_email", { ...own, email_ids: [ids[0]], flag: "flagged" });
          await call("reply_email", { ...own, email_id: ids[1], body: "Thanks!" });
          const thread = await call("get_conversation", { ...own, email_id: ids[1] });
          assert.ok(thread.emails.length >= 2);
          const moved = await call("move_email", {
            ...own,
            email_ids: [ids[2]],
            folder: "junkemail",
          });
          await call("delete_email", { ...own, email_ids: [moved.results[0].new_id] });
          const changes = await call("get_changes", { ...own, sync_state: state.sync_state });
          assert.deepEqual(changes.updated?.map((e: { id: string }) => e.id), [ids[0]]);
          assert.deepEqual(changes.deleted, [ids[2]]);
        }
      } finally {
        await client.close();
      }
    },
  });
}
