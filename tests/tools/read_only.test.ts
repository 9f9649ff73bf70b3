import assert from "node:assert/strict";
import { ALL_TOOLS } from "../e2e/targets.ts";
import { startHarness } from "../support/harness.ts";

const names = async (h: Awaited<ReturnType<typeof startHarness>>) =>
  (await h.client.listTools()).tools.map((t) => t.name).sort();

Deno.test("read-only mode registers only read-only tools (flag or EWS_READ_ONLY)", async () => {
  for (const options of [{ flags: ["--read-only"] }, { env: { EWS_READ_ONLY: "true" } }]) {
    const h = await startHarness(options);
    try {
      assert.deepEqual(await names(h), [
        "check_availability",
        "download_attachment",
        "expand_distribution_list",
        "find_folder",
        "find_meeting_times",
        "get_appointment",
        "get_calendar",
        "get_changes",
        "get_contact",
        "get_conversation",
        "get_email_details",
        "get_email_mime",
        "get_emails_bulk",
        "get_oof_settings",
        "get_tasks",
        "list_attachments",
        "list_folders",
        "list_rooms",
        "read_emails",
        "resolve_names",
        "search_contacts",
        "search_emails",
      ]);
      await assert.rejects(
        h.call("send_email", { to: ["pat@contoso.test"], subject: "x", body: "y" }),
        /Tool send_email not found/,
      );
    } finally {
      await h.close();
    }
  }
});

Deno.test("ENABLE_* switches areas off", async () => {
  const h = await startHarness({
    env: {
      ENABLE_OOF: "false",
      ENABLE_FOLDERS: "false",
      ENABLE_ATTACHMENTS: "false",
      ENABLE_CALENDAR: "false",
      ENABLE_CONTACTS: "false",
      ENABLE_TASKS: "false",
    },
  });
  try {
    assert.deepEqual(await names(h), [
      "copy_email",
      "create_draft",
      "delete_email",
      "forward_email",
      "get_changes",
      "get_conversation",
      "get_email_details",
      "get_emails_bulk",
      "mark_all_read",
      "move_email",
      "read_emails",
      "reply_email",
      "search_emails",
      "send_draft",
      "send_email",
      "update_draft",
      "update_email",
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("every tool declares annotations and an output schema with `mailbox`", async () => {
  const h = await startHarness();
  try {
    const { tools } = await h.client.listTools();
    assert.equal(tools.length, ALL_TOOLS.length);
    for (const tool of tools) {
      assert.equal(typeof tool.annotations?.readOnlyHint, "boolean", tool.name);
      assert.equal(typeof tool.annotations?.destructiveHint, "boolean", tool.name);
      assert.equal(typeof tool.annotations?.idempotentHint, "boolean", tool.name);
      assert.ok(
        (tool.outputSchema?.properties as Record<string, unknown> | undefined)?.mailbox,
        `${tool.name} returns mailbox`,
      );
      assert.ok(
        (tool.inputSchema.properties as Record<string, unknown> | undefined)?.target_mailbox,
        `${tool.name} takes target_mailbox`,
      );
      assert.ok((tool.description ?? "").length > 80, `${tool.name} explains itself`);
    }
  } finally {
    await h.close();
  }
});
