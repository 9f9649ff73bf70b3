/**
 * GetAttachment, CreateAttachment, DeleteAttachment (file and item attachments) and GetItem's
 * MimeContent, with the folder rights each needs; every request and reply schema-valid.
 */
import assert from "node:assert/strict";
import { find, findAll, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import { assertSchemaValid } from "../support/schema.ts";
import {
  call,
  findItem,
  folderId,
  getItem,
  itemIds,
  messages,
  PAT,
  responseCode,
  withSimulator,
} from "./helpers.ts";

const b64 = (text: string) => btoa(text);

function fileAttachment(name: string, text: string, extra: XmlNode[] = []): XmlNode {
  return x(
    "t:FileAttachment",
    null,
    x("t:Name", null, name),
    x("t:ContentType", null, "text/plain"),
    ...extra,
    x("t:Content", null, b64(text)),
  );
}

function createAttachment(parentId: string, ...attachments: XmlNode[]): XmlNode {
  return x(
    "m:CreateAttachment",
    null,
    x("m:ParentItemId", { Id: parentId }),
    x("m:Attachments", null, ...attachments),
  );
}

const getAttachment = (ids: string[], shape?: XmlNode) =>
  x(
    "m:GetAttachment",
    null,
    shape,
    x("m:AttachmentIds", null, ...ids.map((id) => x("t:AttachmentId", { Id: id }))),
  );

const deleteAttachment = (ids: string[]) =>
  x(
    "m:DeleteAttachment",
    null,
    x("m:AttachmentIds", null, ...ids.map((id) => x("t:AttachmentId", { Id: id }))),
  );

async function firstId(
  sim: RunningSimulator,
  folder: XmlNode,
  as = undefined as typeof PAT | undefined,
) {
  const [message] = messages(await call(sim, findItem(folder, { shape: "IdOnly" }), { as }));
  return itemIds(message)[0];
}

async function checkSchema(sim: RunningSimulator) {
  await assertSchemaValid(sim.exchanges.flatMap((e, i) => [
    { name: `#${i} ${e.operation} request`, xml: e.request },
    { name: `#${i} ${e.operation} reply`, xml: e.response },
  ]));
}

Deno.test("File attachments: create, list on the item, read, delete; change keys move on", () =>
  withSimulator(async (sim) => {
    const id = await firstId(sim, folderId("inbox"));
    const [created] = messages(
      await call(sim, createAttachment(id, fileAttachment("a.txt", "Hello"))),
    );
    assert.equal(responseCode(created), "NoError");
    const attachmentId = find(created, "m:Attachments/t:FileAttachment/t:AttachmentId")!;
    assert.equal(attachmentId.attrs.RootItemId, id);

    const [item] = messages(await call(sim, getItem([id], { properties: ["item:Attachments"] })));
    const listed = findAll(item, "m:Items/t:Message/t:Attachments/t:FileAttachment");
    assert.equal(listed.length, 1);
    assert.equal(find(listed[0], "t:Name")?.text, "a.txt");
    assert.equal(find(listed[0], "t:Size")?.text, "5");
    assert.equal(
      find(item, "m:Items/t:Message/t:ItemId")?.attrs.ChangeKey,
      attachmentId.attrs.RootItemChangeKey,
      "the reply names the item's new change key",
    );

    const [read] = messages(await call(sim, getAttachment([attachmentId.attrs.Id])));
    assert.equal(responseCode(read), "NoError");
    assert.equal(find(read, "m:Attachments/t:FileAttachment/t:Content")?.text, b64("Hello"));

    const [deleted] = messages(await call(sim, deleteAttachment([attachmentId.attrs.Id])));
    assert.equal(responseCode(deleted), "NoError");
    assert.equal(find(deleted, "m:RootItemId")?.attrs.RootItemId, id);
    const [gone] = messages(await call(sim, getAttachment([attachmentId.attrs.Id])));
    assert.equal(responseCode(gone), "ErrorItemNotFound");
    const [malformed] = messages(await call(sim, getAttachment(["bm90IGFuIGlk"])));
    assert.equal(responseCode(malformed), "ErrorInvalidIdMalformed");
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("Attachment ids name the root item only in CreateAttachment; sent back, it is refused", () =>
  withSimulator(async (sim) => {
    const id = await firstId(sim, folderId("inbox"));
    const [created] = messages(await call(sim, createAttachment(id, fileAttachment("r.txt", "R"))));
    const fromCreate = find(created, "m:Attachments/t:FileAttachment/t:AttachmentId")!;
    assert.ok(fromCreate.attrs.RootItemId);
    const [item] = messages(await call(sim, getItem([id], { properties: ["item:Attachments"] })));
    const listed = find(item, "m:Items/t:Message/t:Attachments/t:FileAttachment/t:AttachmentId")!;
    assert.deepEqual(Object.keys(listed.attrs), ["Id"], "GetItem lists attachment ids alone");
    // GetAttachment's AttachmentId (RequestAttachmentIdType) has only Id, as Exchange checks.
    const echoed = x(
      "m:GetAttachment",
      null,
      x("m:AttachmentIds", null, x("t:AttachmentId", fromCreate.attrs)),
    );
    const [read] = messages(await call(sim, getAttachment([listed.attrs.Id])));
    assert.equal(responseCode(read), "NoError");
    await checkSchema(sim);
    const refused = await call(sim, echoed);
    assert.equal(refused.status, 500);
    assert.equal(find(refused.body, "faultcode")?.text, "a:ErrorSchemaValidation");
  }, { validateSchema: true, record: true }));

Deno.test("Item attachments: an attached message is listed, readable, and its own attachments too", () =>
  withSimulator(async (sim) => {
    const id = await firstId(sim, folderId("inbox"));
    const attached = x(
      "t:ItemAttachment",
      null,
      x("t:Name", null, "Forwarded note"),
      x(
        "t:Message",
        null,
        x("t:Subject", null, "Original note"),
        x("t:Body", { BodyType: "Text" }, "Inner body"),
        x("t:Attachments", null, fileAttachment("inner.txt", "deep")),
      ),
    );
    const [created] = messages(await call(sim, createAttachment(id, attached)));
    assert.equal(responseCode(created), "NoError");
    const attachmentId = find(created, "m:Attachments/t:ItemAttachment/t:AttachmentId")!.attrs.Id;

    const [item] = messages(await call(sim, getItem([id], { properties: ["item:Attachments"] })));
    assert.equal(
      find(item, "m:Items/t:Message/t:Attachments/t:ItemAttachment/t:Name")?.text,
      "Forwarded note",
    );
    const [read] = messages(
      await call(
        sim,
        getAttachment([attachmentId], x("m:AttachmentShape", null, x("t:BodyType", null, "Text"))),
      ),
    );
    const message = find(read, "m:Attachments/t:ItemAttachment/t:Message")!;
    assert.equal(find(message, "t:Subject")?.text, "Original note");
    assert.equal(find(message, "t:Body")?.text, "Inner body");
    assert.equal(find(message, "t:ItemId"), undefined, "an attached message is no store item");
    const innerId = find(message, "t:Attachments/t:FileAttachment/t:AttachmentId")!.attrs.Id;
    const [inner] = messages(await call(sim, getAttachment([innerId])));
    assert.equal(find(inner, "m:Attachments/t:FileAttachment/t:Content")?.text, b64("deep"));
    const [nestedDelete] = messages(await call(sim, deleteAttachment([innerId])));
    assert.equal(responseCode(nestedDelete), "ErrorInvalidOperation");
    const [missing] = messages(
      await call(sim, createAttachment(id, x("t:ItemAttachment", null, x("t:Name", null, "x")))),
    );
    assert.equal(responseCode(missing), "ErrorMissingItemForCreateItemAttachment");
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("MimeContent is RFC 5322 MIME: multipart/mixed with base64 files and message/rfc822", () =>
  withSimulator(async (sim) => {
    const id = await firstId(sim, folderId("inbox"));
    await call(
      sim,
      createAttachment(
        id,
        fileAttachment("r\u00e9sum\u00e9.txt", "CV"),
        x(
          "t:ItemAttachment",
          null,
          x("t:Name", null, "note"),
          x("t:Message", null, x("t:Subject", null, "Attached subject")),
        ),
      ),
    );
    const [item] = messages(
      await call(sim, getItem([id], { shape: "IdOnly", properties: ["item:MimeContent"] })),
    );
    const mimeElement = find(item, "m:Items/t:Message/t:MimeContent")!;
    assert.equal(mimeElement.attrs.CharacterSet, "UTF-8");
    const mime = new TextDecoder().decode(
      Uint8Array.from(atob(mimeElement.text), (c) => c.charCodeAt(0)),
    );
    const boundary = /Content-Type: multipart\/mixed; boundary="([^"]+)"/.exec(mime)?.[1];
    assert.ok(boundary, mime.slice(0, 400));
    assert.match(mime, /^From: /m);
    assert.match(mime, /^Message-ID: <.+>$/m);
    assert.match(mime, /^MIME-Version: 1\.0\r$/m);
    const parts = mime.split(`--${boundary}`);
    assert.equal(parts.at(-1)?.trim(), "--", "closed by the final boundary");
    assert.equal(parts.length, 5, "preamble, body, file, message, epilogue");
    assert.match(parts[2], /filename="=\?utf-8\?B\?/);
    assert.match(parts[2], /\r\n\r\nQ1Y=\r\n/);
    assert.match(parts[3], /Content-Type: message\/rfc822/);
    assert.match(parts[3], /Subject: Attached subject/);
    assert.ok(!mime.split("\r\n").some((line) => line.length > 998), "line length limit");
  }, { validateSchema: true }));

Deno.test("Attachment rights: read needs ReadItems, adding or deleting needs EditItems", () =>
  withSimulator(async (sim) => {
    // alex is Editor on pat's Inbox: may read and add.
    const patInbox = await firstId(sim, folderId("inbox", "pat@contoso.test"));
    const [added] = messages(
      await call(sim, createAttachment(patInbox, fileAttachment("b.txt", "x"))),
    );
    assert.equal(responseCode(added), "NoError");
    // pat's Sent Items is not shared with alex.
    const patSent = await firstId(sim, folderId("sentitems"), PAT);
    const [own] = messages(
      await call(sim, createAttachment(patSent, fileAttachment("c.txt", "y")), { as: PAT }),
    );
    const sentAttachment = find(own, "m:Attachments/t:FileAttachment/t:AttachmentId")!.attrs.Id;
    const [denied] = messages(await call(sim, getAttachment([sentAttachment])));
    assert.equal(responseCode(denied), "ErrorAccessDenied");
    const [deniedAdd] = messages(
      await call(sim, createAttachment(patSent, fileAttachment("d.txt", "z"))),
    );
    assert.equal(responseCode(deniedAdd), "ErrorAccessDenied");
    const [deniedDelete] = messages(await call(sim, deleteAttachment([sentAttachment])));
    assert.equal(responseCode(deniedDelete), "ErrorAccessDenied");
    // A Reviewer reads but may not add.
    sim.organisation.permissions.grantFolder(
      "pat@contoso.test",
      "sentitems",
      "alex@contoso.test",
      "Reviewer",
    );
    assert.equal(
      responseCode(messages(await call(sim, getAttachment([sentAttachment])))[0]),
      "NoError",
    );
    assert.equal(
      responseCode(
        messages(await call(sim, createAttachment(patSent, fileAttachment("e", "e"))))[0],
      ),
      "ErrorAccessDenied",
    );
  }));
