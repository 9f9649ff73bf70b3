/**
 * The attachment tools end to end against a schema-validating simulator: sending with
 * attachments, listing, reading (inline and saved), attached messages, adding, deleting, MIME;
 * for the own mailbox, impersonation and delegation, with the request count of each tool.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Harness, startHarness } from "../support/harness.ts";
import {
  assertRefusedBeforeSending,
  countedCall,
  startDelegateHarness,
} from "../support/requests.ts";

function dirs() {
  const base = mkdtempSync(join(tmpdir(), "ews-mcp-attach-"));
  const upload = join(base, "upload");
  const download = join(base, "download");
  Deno.mkdirSync(upload);
  Deno.mkdirSync(download);
  writeFileSync(join(upload, "report.txt"), "Quarterly numbers");
  return { upload, download };
}

/** Requests (and per-operation counts) a call makes. */
const b64 = (text: string) => btoa(text);

async function newestId(h: Harness, subject: string, target?: string) {
  const list = await h.call("read_emails", {
    max_results: 20,
    ...(target ? { target_mailbox: target } : {}),
  });
  assert.equal(list.isError, false, list.text);
  const found = list.data.emails.find((e: { subject: string }) => e.subject === subject);
  assert.ok(found, `${subject} is in the inbox`);
  return found.id as string;
}

Deno.test("send_email attaches base64 content and upload-dir files; they arrive and read back", async () => {
  const { upload, download } = dirs();
  const h = await startHarness({
    validateSchema: true,
    env: { EWS_UPLOAD_DIR: upload, EWS_DOWNLOAD_DIR: download },
  });
  try {
    const sent = await countedCall(h, "send_email", {
      to: ["alex@contoso.test"],
      subject: "Numbers attached",
      body: "See attachments.",
      attachments: [
        { name: "note.txt", content_base64: b64("Hello attachment"), content_type: "text/plain" },
        { file_path: "report.txt" },
      ],
    });
    assert.equal(sent.result.isError, false, sent.result.text);
    assert.equal(sent.result.data.attachments, 2);
    assert.deepEqual(sent.ops, { CreateItem: 1 }, "attachments travel in the one CreateItem");

    const id = await newestId(h, "Numbers attached");
    const listed = await countedCall(h, "list_attachments", { email_id: id });
    assert.equal(listed.result.isError, false, listed.result.text);
    assert.equal(listed.requests, 1);
    const entries = listed.result.data.attachments;
    assert.deepEqual(entries.map((a: { name: string }) => a.name), ["note.txt", "report.txt"]);
    assert.equal(entries[1].size, "Quarterly numbers".length);

    const inline = await countedCall(h, "download_attachment", { attachment_id: entries[0].id });
    assert.equal(inline.requests, 1);
    assert.equal(inline.result.data.content_base64, b64("Hello attachment"));
    assert.equal(inline.result.data.kind, "file");

    const saved = await h.call("download_attachment", {
      attachment_id: entries[1].id,
      save_to_file: true,
    });
    assert.equal(saved.isError, false, saved.text);
    assert.equal(saved.data.saved_path, join(download, "report.txt"));
    assert.equal(readFileSync(saved.data.saved_path, "utf8"), "Quarterly numbers");
    const again = await h.call("download_attachment", {
      attachment_id: entries[1].id,
      save_to_file: true,
    });
    assert.equal(again.data.saved_path, join(download, "report (1).txt"), "never overwrites");

    const mime = await countedCall(h, "get_email_mime", { email_id: id });
    assert.equal(mime.requests, 1);
    assert.match(mime.result.data.mime, /Content-Type: multipart\/mixed/);
    assert.match(mime.result.data.mime, /filename="report\.txt"/);
    assert.equal(mime.result.data.size, new TextEncoder().encode(mime.result.data.mime).length);
    const eml = await h.call("get_email_mime", { email_id: id, save_to_file: true });
    assert.equal(eml.data.saved_path, join(download, "Numbers attached.eml"));
    assert.match(readFileSync(eml.data.saved_path, "utf8"), /^Subject: Numbers attached\r$/m);
  } finally {
    await h.close();
  }
});

Deno.test("An attached message is listed as kind item and read as a message", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const id = await newestId(h, "Server room access log");
    const listed = await h.call("list_attachments", { email_id: id });
    const item = listed.data.attachments.find((a: { kind: string }) => a.kind === "item");
    assert.ok(item, listed.text);
    const read = await countedCall(h, "download_attachment", { attachment_id: item.id });
    assert.equal(read.result.isError, false, read.result.text);
    assert.equal(read.requests, 1);
    assert.equal(read.result.data.message.subject, "Badge reader maintenance");
    assert.match(read.result.data.message.body, /serviced on Friday/);
    assert.equal(read.result.data.content_base64, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("add_attachment and delete_attachment: one request each, per-id outcomes", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const id = await newestId(h, "Lunch on Thursday?");
    const added = await countedCall(h, "add_attachment", {
      email_id: id,
      attachments: [
        { name: "a.txt", content_base64: b64("A") },
        { name: "b.txt", content_base64: b64("BB") },
      ],
    });
    assert.equal(added.result.isError, false, added.result.text);
    assert.deepEqual(added.ops, { CreateAttachment: 1 });
    const ids = added.result.data.added.map((a: { id: string }) => a.id);
    assert.deepEqual(added.result.data.added.map((a: { size: number }) => a.size), [1, 2]);
    const listed = await h.call("list_attachments", { email_id: id });
    assert.equal(listed.data.attachments.length, 2);

    const deleted = await countedCall(h, "delete_attachment", {
      attachment_ids: [...ids, ids[0]],
    });
    assert.equal(deleted.result.isError, false, deleted.result.text);
    assert.deepEqual(deleted.ops, { DeleteAttachment: 1 });
    assert.equal(deleted.result.data.deleted, 2);
    assert.equal(deleted.result.data.results[2].deleted, false, "already gone");
    assert.match(deleted.result.data.results[2].error, /not found/i);
    assert.equal((await h.call("list_attachments", { email_id: id })).data.attachments.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("Attachment tools refuse bad input before any request", async () => {
  const h = await startHarness();
  try {
    await assertRefusedBeforeSending(h, [
      ["list_attachments", {}, /email_id/],
      ["download_attachment", { attachment_id: "" }, /attachment_id/],
      ["add_attachment", { email_id: "x", attachments: [] }, /attachments/],
      [
        "add_attachment",
        { email_id: "x", attachments: [{ name: "a", content_base64: "%%%" }] },
        /not valid base64/,
      ],
      ["add_attachment", { email_id: "x", attachments: [{ name: "a" }] }, /exactly one of/],
      [
        "add_attachment",
        { email_id: "x", attachments: [{ file_path: "a.txt" }] },
        /Reading files is off/,
      ],
      ["delete_attachment", { attachment_ids: [] }, /attachment_ids/],
      ["download_attachment", { attachment_id: "x", save_to_file: true }, /Saving files is off/],
      ["get_email_mime", { email_id: "x", save_to_file: true }, /Saving files is off/],
      [
        "send_email",
        {
          to: ["pat@contoso.test"],
          subject: "s",
          body: "b",
          attachments: [{ file_path: "/etc/passwd" }],
        },
        /Reading files is off/,
      ],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("Attachment size cap: EWS_MAX_ATTACHMENT_MB applies to base64 content", async () => {
  const h = await startHarness({ env: { EWS_MAX_ATTACHMENT_MB: "1" } });
  try {
    const big = btoa("x".repeat(1024 * 1024 + 1));
    const result = await h.call("add_attachment", {
      email_id: "x",
      attachments: [{ name: "big.bin", content_base64: big }],
    });
    assert.equal(result.isError, true);
    assert.match(result.text, /over the 1048576-byte limit/);
  } finally {
    await h.close();
  }
});

Deno.test("Attachments in other mailboxes: impersonation works anywhere, a delegate per folder", async () => {
  const impersonating = await startHarness({ validateSchema: true });
  try {
    const id = await newestId(impersonating, "Status report template", "pat@contoso.test");
    const listed = await impersonating.call("list_attachments", {
      email_id: id,
      target_mailbox: "pat@contoso.test",
    });
    assert.equal(listed.isError, false, listed.text);
    assert.equal(listed.data.mailbox, "pat@contoso.test");
    const file = await impersonating.call("download_attachment", {
      attachment_id: listed.data.attachments[0].id,
      target_mailbox: "pat@contoso.test",
    });
    assert.equal(atob(file.data.content_base64), "PK demo sheet");
    const denied = await impersonating.call("list_attachments", {
      email_id: id,
      target_mailbox: "ceo@contoso.test",
    });
    assert.equal(denied.isError, true);
    // No probe any more: the id guard refuses pat's id in ceo's mailbox before anything is sent.
    assert.match(denied.text, /belongs to mailbox pat@contoso\.test/);
    const ceo = await impersonating.call("read_emails", { target_mailbox: "ceo@contoso.test" });
    assert.equal(ceo.isError, true);
    assert.match(ceo.text, /Access denied to mailbox: ceo@contoso\.test/);
  } finally {
    await impersonating.close();
  }
  const delegate = await startDelegateHarness();
  try {
    const id = await newestId(delegate, "Status report template", "pat@contoso.test");
    const added = await delegate.call("add_attachment", {
      email_id: id,
      target_mailbox: "pat@contoso.test",
      attachments: [{ name: "notes.txt", content_base64: b64("delegate notes") }],
    });
    assert.equal(added.isError, false, "Editor on pat's Inbox may add attachments");
    const mime = await delegate.call("get_email_mime", {
      email_id: id,
      target_mailbox: "pat@contoso.test",
    });
    assert.match(mime.data.mime, /filename="notes\.txt"/);
  } finally {
    await delegate.close();
  }
});

Deno.test("Delegation: a delegate lists, reads, adds and removes attachments in the shared Inbox", async () => {
  const h = await startDelegateHarness();
  try {
    const pat = { target_mailbox: "pat@contoso.test" };
    const id = await newestId(h, "Status report template", "pat@contoso.test");
    const listed = await countedCall(h, "list_attachments", { ...pat, email_id: id });
    assert.equal(listed.result.isError, false, listed.result.text);
    assert.equal(listed.requests, 1);
    const read = await h.call("download_attachment", {
      ...pat,
      attachment_id: listed.result.data.attachments[0].id,
    });
    assert.equal(atob(read.data.content_base64), "PK demo sheet");
    const added = await h.call("add_attachment", {
      ...pat,
      email_id: id,
      attachments: [{ name: "minutes.txt", content_base64: b64("minutes") }],
    });
    assert.equal(added.isError, false, added.text);
    const removed = await h.call("delete_attachment", {
      ...pat,
      attachment_ids: [added.data.added[0].id],
    });
    assert.equal(removed.data.deleted, 1, "Editor may change items in the Inbox");
    // pat's Sent Items are not shared: its messages cannot be opened at all.
    const sent = await h.call("read_emails", { ...pat, folder: "sentitems" });
    assert.equal(sent.isError, true);
  } finally {
    await h.close();
  }
});
