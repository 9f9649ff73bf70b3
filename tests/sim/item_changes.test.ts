import assert from "node:assert/strict";
import { find, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import {
  call,
  findItem,
  folderId,
  getItem,
  itemIds,
  messages,
  responseCode,
  setFieldChange,
  subjects,
  updateItem,
} from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

async function inboxIds(sim: RunningSimulator, mailbox?: string): Promise<string[]> {
  return itemIds(messages(await call(sim, findItem(folderId("inbox", mailbox))))[0]);
}

async function itemId(
  sim: RunningSimulator,
  id: string,
): Promise<{ Id: string; ChangeKey: string }> {
  const [message] = messages(await call(sim, getItem([id], { shape: "IdOnly" })));
  const el = find(message, "m:Items/t:Message/t:ItemId")!;
  return { Id: el.attrs.Id, ChangeKey: el.attrs.ChangeKey };
}

Deno.test("UpdateItem sets read flag, flag with dates, categories and importance; ChangeKey moves on", () =>
  withValidatedSimulator(async (sim) => {
    const [first] = await inboxIds(sim);
    const before = await itemId(sim, first);
    const reply = await call(
      sim,
      updateItem(before, [
        setFieldChange("message:IsRead", x("t:IsRead", null, "true")),
        setFieldChange(
          "item:Flag",
          x(
            "t:Flag",
            null,
            x("t:FlagStatus", null, "Flagged"),
            x("t:StartDate", null, "2025-06-02T00:00:00Z"),
            x("t:DueDate", null, "2025-06-05T00:00:00Z"),
          ),
        ),
        setFieldChange("item:Categories", x("t:Categories", null, x("t:String", null, "Red"))),
        x(
          "t:AppendToItemField",
          null,
          x("t:FieldURI", { FieldURI: "item:Categories" }),
          x("t:Message", null, x("t:Categories", null, x("t:String", null, "Blue"))),
        ),
        setFieldChange("item:Importance", x("t:Importance", null, "High")),
      ]),
    );
    const [message] = messages(reply);
    assert.equal(responseCode(message), "NoError");
    const after = find(message, "m:Items/t:Message/t:ItemId")!.attrs;
    assert.equal(after.Id, before.Id);
    assert.notEqual(after.ChangeKey, before.ChangeKey);
    assert.equal(find(message, "m:ConflictResults/t:Count")?.text, "0");

    const [got] = messages(await call(sim, getItem([first])));
    const item = find(got, "m:Items/t:Message")!;
    assert.equal(find(item, "t:IsRead")?.text, "true");
    assert.equal(find(item, "t:Importance")?.text, "High");
    assert.equal(find(item, "t:Flag/t:FlagStatus")?.text, "Flagged");
    assert.equal(find(item, "t:Flag/t:DueDate")?.text, "2025-06-05T00:00:00Z");
    assert.deepEqual(
      (find(item, "t:Categories")?.children ?? []).map((c) => c.text),
      ["Red", "Blue"],
    );

    const cleared = await call(
      sim,
      updateItem({ Id: first }, [
        x("t:DeleteItemField", null, x("t:FieldURI", { FieldURI: "item:Categories" })),
      ]),
    );
    assert.equal(responseCode(messages(cleared)[0]), "NoError");
  }));

Deno.test("UpdateItem with a stale ChangeKey is an ErrorIrresolvableConflict and changes nothing", () =>
  withValidatedSimulator(async (sim) => {
    const [first] = await inboxIds(sim);
    const stale = await itemId(sim, first);
    await call(
      sim,
      updateItem(stale, [setFieldChange("message:IsRead", x("t:IsRead", null, "true"))]),
    );
    const conflict = await call(
      sim,
      updateItem(stale, [setFieldChange("item:Subject", x("t:Subject", null, "Overwritten"))]),
    );
    assert.equal(responseCode(messages(conflict)[0]), "ErrorIrresolvableConflict");
    assert.notDeepEqual(subjects(messages(await call(sim, getItem([first])))[0]), ["Overwritten"]);
    const overwrite = await call(
      sim,
      updateItem(stale, [setFieldChange("item:Subject", x("t:Subject", null, "Overwritten"))], {
        ConflictResolution: "AlwaysOverwrite",
      }),
    );
    assert.equal(responseCode(messages(overwrite)[0]), "NoError");
  }));

Deno.test("UpdateItem refuses what Exchange refuses: no disposition, read-only fields, sent recipients", () =>
  withValidatedSimulator(async (sim) => {
    const [first] = await inboxIds(sim);
    const noDisposition = updateItem(
      first,
      [setFieldChange("message:IsRead", x("t:IsRead", null, "true"))],
      { MessageDisposition: undefined },
    );
    assert.equal(
      responseCode(messages(await call(sim, noDisposition))[0]),
      "ErrorMessageDispositionRequired",
    );
    const readOnly = await call(
      sim,
      updateItem({ Id: first }, [
        setFieldChange(
          "item:DateTimeReceived",
          x("t:DateTimeReceived", null, "2020-01-01T00:00:00Z"),
        ),
      ]),
    );
    assert.equal(responseCode(messages(readOnly)[0]), "ErrorInvalidPropertySet");
    const recipients = await call(
      sim,
      updateItem({ Id: first }, [
        setFieldChange(
          "message:ToRecipients",
          x(
            "t:ToRecipients",
            null,
            x("t:Mailbox", null, x("t:EmailAddress", null, "x@example.com")),
          ),
        ),
      ]),
    );
    assert.equal(responseCode(messages(recipients)[0]), "ErrorInvalidPropertyUpdateSentMessage");
    // One bad change in a set leaves the item untouched.
    const mixed = await call(
      sim,
      updateItem({ Id: first }, [
        setFieldChange("message:IsRead", x("t:IsRead", null, "true")),
        setFieldChange(
          "item:Flag",
          x(
            "t:Flag",
            null,
            x("t:FlagStatus", null, "Flagged"),
            x("t:StartDate", null, "2025-06-02T00:00:00Z"),
          ),
        ),
      ]),
    );
    assert.equal(responseCode(messages(mixed)[0]), "ErrorInvalidRequest");
    const [got] = messages(await call(sim, getItem([first])));
    assert.equal(find(got, "m:Items/t:Message/t:IsRead")?.text, "false");
  }));

Deno.test("DeleteItem: MoveToDeletedItems moves, then soft-deletes from Deleted Items; HardDelete removes", () =>
  withValidatedSimulator(async (sim) => {
    const [a, b] = await inboxIds(sim);
    const subject = subjects(messages(await call(sim, getItem([a])))[0])[0];
    const del = (id: string, type: string) =>
      call(
        sim,
        x("m:DeleteItem", { DeleteType: type }, x("m:ItemIds", null, x("t:ItemId", { Id: id }))),
      );
    assert.equal(responseCode(messages(await del(a, "MoveToDeletedItems"))[0]), "NoError");
    const [deleted] = messages(await call(sim, findItem(folderId("deleteditems"))));
    assert.deepEqual(subjects(deleted), [subject]);
    assert.equal(responseCode(messages(await call(sim, getItem([a])))[0]), "ErrorItemNotFound");
    assert.equal(
      responseCode(messages(await del(itemIds(deleted)[0], "MoveToDeletedItems"))[0]),
      "NoError",
    );
    assert.deepEqual(
      subjects(messages(await call(sim, findItem(folderId("deleteditems"))))[0]),
      [],
    );
    assert.equal(responseCode(messages(await del(b, "HardDelete"))[0]), "NoError");
    assert.equal(responseCode(messages(await del(b, "HardDelete"))[0]), "ErrorItemNotFound");
    assert.equal((await inboxIds(sim)).length, 10);
  }));

Deno.test("MoveItem and CopyItem return new ids; between mailboxes they are refused", () =>
  withValidatedSimulator(async (sim) => {
    const [a, b] = await inboxIds(sim);
    const moveCopy = (op: string, ids: string[], to: XmlNode) =>
      call(
        sim,
        x(
          `m:${op}`,
          null,
          x("m:ToFolderId", null, to),
          x("m:ItemIds", null, ...ids.map((id) => x("t:ItemId", { Id: id }))),
        ),
      );
    const moved = messages(await moveCopy("MoveItem", [a, "bad"], folderId("junkemail")));
    assert.deepEqual(moved.map(responseCode), ["NoError", "ErrorInvalidIdMalformed"]);
    const newId = find(moved[0], "m:Items/t:Message/t:ItemId")!.attrs.Id;
    assert.notEqual(newId, a);
    assert.deepEqual(
      itemIds(messages(await call(sim, findItem(folderId("junkemail"))))[0]),
      [newId],
    );
    const copied = messages(await moveCopy("CopyItem", [b], folderId("drafts")));
    assert.equal(responseCode(copied[0]), "NoError");
    assert.ok((await inboxIds(sim)).includes(b), "a copy leaves the original");
    const cross = messages(await moveCopy("MoveItem", [b], folderId("inbox", "pat@contoso.test")));
    assert.equal(responseCode(cross[0]), "ErrorCrossMailboxMoveCopy");
  }));

Deno.test("MarkAllItemsAsRead marks a folder; SendItem sends a draft and files it in Sent Items", () =>
  withValidatedSimulator(async (sim) => {
    const mark = await call(
      sim,
      x(
        "m:MarkAllItemsAsRead",
        null,
        x("m:ReadFlag", null, "true"),
        x("m:SuppressReadReceipts", null, "true"),
        x("m:FolderIds", null, folderId("inbox")),
      ),
    );
    assert.equal(responseCode(messages(mark)[0]), "NoError");
    const unread = x(
      "t:IsEqualTo",
      null,
      x("t:FieldURI", { FieldURI: "message:IsRead" }),
      x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "false" })),
    );
    assert.deepEqual(
      subjects(messages(await call(sim, findItem(folderId("inbox"), { restriction: unread })))[0]),
      [],
    );

    const created = await call(
      sim,
      x(
        "m:CreateItem",
        { MessageDisposition: "SaveOnly" },
        x(
          "m:Items",
          null,
          x(
            "t:Message",
            null,
            x("t:Subject", null, "Draft to Pat"),
            x("t:Body", { BodyType: "Text" }, "Hello"),
            x(
              "t:ToRecipients",
              null,
              x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
            ),
          ),
        ),
      ),
    );
    const draftId = itemIds(messages(created)[0])[0];
    const [inboxMessage] = await inboxIds(sim);
    const send = (ids: string[]) =>
      call(
        sim,
        x(
          "m:SendItem",
          { SaveItemToFolder: "true" },
          x("m:ItemIds", null, ...ids.map((id) => x("t:ItemId", { Id: id }))),
          x("m:SavedItemFolderId", null, folderId("sentitems")),
        ),
      );
    const sent = messages(await send([draftId, inboxMessage]));
    assert.deepEqual(sent.map(responseCode), ["NoError", "ErrorInvalidItemForOperationSendItem"]);
    assert.ok(
      !subjects(messages(await call(sim, findItem(folderId("drafts"))))[0]).includes(
        "Draft to Pat",
      ),
    );
    assert.equal(
      subjects(messages(await call(sim, findItem(folderId("sentitems"))))[0])[0],
      "Draft to Pat",
    );
    assert.equal(
      subjects(messages(await call(sim, findItem(folderId("inbox", "pat@contoso.test"))))[0])[0],
      "Draft to Pat",
    );
  }));

Deno.test("UpdateItem with SendAndSaveCopy sends the updated draft; SendItem refuses a folder without SaveItemToFolder", () =>
  withValidatedSimulator(async (sim) => {
    const created = await call(
      sim,
      x(
        "m:CreateItem",
        { MessageDisposition: "SaveOnly" },
        x("m:Items", null, x("t:Message", null, x("t:Subject", null, "Half done"))),
      ),
    );
    const draftId = itemIds(messages(created)[0])[0];
    const send = await call(
      sim,
      updateItem({ Id: draftId }, [
        setFieldChange("item:Subject", x("t:Subject", null, "Finished")),
        setFieldChange(
          "message:ToRecipients",
          x(
            "t:ToRecipients",
            null,
            x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
          ),
        ),
      ], { MessageDisposition: "SendAndSaveCopy" }),
    );
    const [sent] = messages(send);
    assert.equal(responseCode(sent), "NoError");
    assert.deepEqual(find(sent, "m:Items")?.children, []);
    assert.equal(
      subjects(messages(await call(sim, findItem(folderId("sentitems"))))[0])[0],
      "Finished",
    );
    assert.equal(
      responseCode(messages(await call(sim, getItem([draftId])))[0]),
      "ErrorItemNotFound",
    );

    const [badSave] = messages(
      await call(
        sim,
        x(
          "m:SendItem",
          { SaveItemToFolder: "false" },
          x("m:ItemIds", null, x("t:ItemId", { Id: draftId })),
          x("m:SavedItemFolderId", null, folderId("sentitems")),
        ),
      ),
    );
    assert.equal(responseCode(badSave), "ErrorInvalidSendItemSaveSettings");
  }));
