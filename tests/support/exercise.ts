/**
 * One call of every tool against the demo organisation, successes and refusals: a corpus of the
 * requests our tools build and the replies the simulator gives (schema and XML parser tests).
 */
import assert from "node:assert/strict";
import type { Harness } from "./harness.ts";

/**
 * Runs every tool once. A delegate (Editor on Inbox and Calendar only) works in the other
 * mailbox's Inbox; OOF of another mailbox needs full access, which a delegate lacks.
 */
export async function exerciseEveryTool(
  h: Harness,
  other: string,
  delegate = false,
) {
  const oofOther = !delegate;
  const otherFolder = delegate ? "inbox" : "sentitems";
  const results = [];
  const list = await h.call("read_emails", {
    max_results: 5,
    unread_only: true,
    include_body: true,
  });
  results.push(list);
  results.push(
    await h.call("get_email_details", { email_id: list.data.emails[0].id, body_format: "html" }),
  );
  results.push(
    await h.call("read_emails", { target_mailbox: other, folder: otherFolder }),
  );
  results.push(
    await h.call("send_email", {
      to: ["pat@contoso.test"],
      cc: ["x@example.com"],
      bcc: ["sales@contoso.test"],
      subject: "Schema </t:Subject> ]]> &",
      body: "<p>x</p>",
      body_format: "html",
      importance: "Low",
    }),
  );
  results.push(
    await h.call("list_folders", {
      target_mailbox: other,
      ...(delegate ? { parent_folder: "inbox" } : {}),
    }),
  );
  results.push(await h.call("get_oof_settings", oofOther ? { target_mailbox: other } : {}));
  results.push(
    await h.call("set_oof_settings", {
      state: "scheduled",
      internal_reply: "Back soon",
      start_time: "2030-01-01T08:00:00Z",
      end_time: "2030-01-05T08:00:00Z",
    }),
  );
  // Attachments: a message with a file and an attached message; add, read, delete, MIME.
  const inbox = await h.call("read_emails", { max_results: 20 });
  const withFiles = inbox.data.emails.find((e: { subject: string }) =>
    e.subject === "Server room access log"
  );
  const listed = await h.call("list_attachments", { email_id: withFiles.id });
  results.push(listed);
  for (const a of listed.data.attachments) {
    results.push(await h.call("download_attachment", { attachment_id: a.id }));
  }
  const added = await h.call("add_attachment", {
    email_id: withFiles.id,
    attachments: [{ name: "x <&>.txt", content_base64: "QQ==", content_type: "text/plain" }],
  });
  results.push(added);
  results.push(
    await h.call("delete_attachment", { attachment_ids: [added.data.added[0].id] }),
  );
  results.push(await h.call("get_email_mime", { email_id: withFiles.id }));
  results.push(
    await h.call("send_email", {
      to: ["pat@contoso.test"],
      subject: "With attachment",
      body: "x",
      attachments: [{ name: "a.bin", content_base64: "AAEC" }],
    }),
  );
  // Folders: the whole life of one, in the own mailbox, and a lookup in the other.
  results.push(await h.call("find_folder", { name: "proj" }));
  results.push(await h.call("find_folder", { path: "inbox", target_mailbox: other }));
  results.push(await h.call("create_folder", { name: "Schema & <Co>", parent_folder: "inbox" }));
  results.push(
    await h.call("create_folder", {
      name: "Cal",
      parent_folder: "calendar",
      folder_type: "calendar",
    }),
  );
  results.push(
    await h.call("rename_folder", { folder: "Inbox/Schema & <Co>", new_name: "Schema 2" }),
  );
  results.push(
    await h.call("move_folder", { folder: "Inbox/Schema 2", destination: "Inbox/Receipts" }),
  );
  results.push(
    await h.call("empty_folder", { folder: "Inbox/Receipts", include_subfolders: true }),
  );
  results.push(await h.call("delete_folder", { folder: "Inbox/Receipts", permanent: true }));
  for (const r of results) assert.equal(r.isError, false, r.text);
  // Failures too: their replies must be as valid as successes.
  assert.equal((await h.call("read_emails", { target_mailbox: "ceo@contoso.test" })).isError, true);
  assert.equal((await h.call("get_email_details", { email_id: "AAMkAGI2TG93AAA=" })).isError, true);
}
