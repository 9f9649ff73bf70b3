/**
 * The generic request forms other EWS clients send for writes, beyond what our own tools use:
 * several changes of different path kinds in one UpdateItem (FieldURI, ExtendedFieldURI, append,
 * delete) with SuppressReadReceipts, MoveItem/CopyItem with ReturnNewItemIds, DeleteItem with the
 * calendar and task attributes, CreateFolder with a FolderClass and DeleteFolder. Every request
 * and reply is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import { find, findAll, x, type XmlNode } from "../../ews/xml/mod.ts";
import {
  call,
  findItem,
  folderId,
  getItem,
  itemIds,
  messages,
  responseCode,
  updateItem,
} from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

const FLAG_STATUS = { PropertyTag: "0x1090", PropertyType: "Integer" };

const field = (uri: string) => x("t:FieldURI", { FieldURI: uri });

Deno.test("UpdateItem takes FieldURI, ExtendedFieldURI, append and delete changes together", () =>
  withValidatedSimulator(async (sim) => {
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    const updates: XmlNode[] = [
      x(
        "t:SetItemField",
        null,
        field("message:IsRead"),
        x("t:Message", null, x("t:IsRead", null, "true")),
      ),
      x(
        "t:SetItemField",
        null,
        x("t:ExtendedFieldURI", FLAG_STATUS),
        x(
          "t:Message",
          null,
          x(
            "t:ExtendedProperty",
            null,
            x("t:ExtendedFieldURI", FLAG_STATUS),
            x("t:Value", null, "2"),
          ),
        ),
      ),
      x(
        "t:AppendToItemField",
        null,
        field("item:Categories"),
        x("t:Message", null, x("t:Categories", null, x("t:String", null, "Follow up"))),
      ),
      x("t:DeleteItemField", null, field("item:InReplyTo")),
    ];
    const [updated] = messages(
      await call(
        sim,
        updateItem(id, updates, { SuppressReadReceipts: "true" }),
      ),
    );
    assert.equal(responseCode(updated), "NoError");
    const [got] = messages(await call(sim, getItem([id], { properties: ["item:Flag"] })));
    const item = find(got, "m:Items")!.children[0];
    assert.equal(find(item, "t:IsRead")!.text, "true");
    assert.equal(find(item, "t:Flag/t:FlagStatus")!.text, "Flagged");
    assert.ok(findAll(item, "t:Categories/t:String").some((s) => s.text === "Follow up"));
  }));

Deno.test("MoveItem and CopyItem with ReturnNewItemIds, DeleteItem with task and meeting attributes", () =>
  withValidatedSimulator(async (sim) => {
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const [first, second] = itemIds(m);
    const transfer = (op: string, id: string, to: string) =>
      x(
        `m:${op}`,
        null,
        x("m:ToFolderId", null, folderId(to)),
        x("m:ItemIds", null, x("t:ItemId", { Id: id })),
        x("m:ReturnNewItemIds", null, "true"),
      );
    const [moved] = messages(await call(sim, transfer("MoveItem", first, "junkemail")));
    assert.equal(responseCode(moved), "NoError");
    const movedId = itemIds(moved)[0];
    assert.ok(movedId && movedId !== first, "the moved item has a new id");
    const [copied] = messages(await call(sim, transfer("CopyItem", second, "drafts")));
    assert.equal(responseCode(copied), "NoError");
    const [deleted] = messages(
      await call(
        sim,
        x(
          "m:DeleteItem",
          {
            DeleteType: "MoveToDeletedItems",
            SendMeetingCancellations: "SendToNone",
            AffectedTaskOccurrences: "AllOccurrences",
            SuppressReadReceipts: "true",
          },
          x("m:ItemIds", null, x("t:ItemId", { Id: movedId })),
        ),
      ),
    );
    assert.equal(responseCode(deleted), "NoError");
  }));

Deno.test("CreateFolder with a FolderClass, then DeleteFolder (HardDelete)", () =>
  withValidatedSimulator(async (sim) => {
    const [created] = messages(
      await call(
        sim,
        x(
          "m:CreateFolder",
          null,
          x("m:ParentFolderId", null, folderId("msgfolderroot")),
          x(
            "m:Folders",
            null,
            x(
              "t:Folder",
              null,
              x("t:FolderClass", null, "IPF.Note"),
              x("t:DisplayName", null, "Archive 2025"),
            ),
          ),
        ),
      ),
    );
    assert.equal(responseCode(created), "NoError");
    const id = find(created, "m:Folders/t:Folder/t:FolderId")!.attrs.Id;
    const [deleted] = messages(
      await call(
        sim,
        x(
          "m:DeleteFolder",
          { DeleteType: "HardDelete" },
          x("m:FolderIds", null, x("t:FolderId", { Id: id })),
        ),
      ),
    );
    assert.equal(responseCode(deleted), "NoError");
  }));
