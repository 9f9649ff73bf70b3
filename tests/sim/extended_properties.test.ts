/**
 * Extended (MAPI) properties: a client that asks only with `t:ExtendedFieldURI` sees what a
 * FieldURI client sees (sizes, dates, flags, subjects, folder classes and counts), searches over
 * them find what FieldURI searches find, custom properties are stored and returned as set, and a
 * property nobody set is absent. Every request and reply is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import { find, findAll, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import { call, findItem, folderId, itemIds, messages, responseCode } from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";
import {
  ARTICLE,
  type Attrs,
  CHANGE_MARKER,
  CONTAINER_CLASS,
  contains,
  CONTENT_COUNT,
  createWithExtended,
  CUSTOM_ARRAY,
  CUSTOM_ID,
  CUSTOM_NAME,
  deleteField,
  DELIVERY,
  extended,
  findItems,
  FLAG_STATUS,
  FLAGS,
  getItems,
  HAS_SUBFOLDERS,
  isEqualTo,
  itemShape,
  itemsOf,
  LAST_VERB,
  MODIFIED,
  property,
  setField,
  SIZE,
  SUBJECT,
  tagged,
  UNREAD_COUNT,
  uri,
} from "./extended_helpers.ts";

async function inboxByFieldUri(sim: RunningSimulator) {
  const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "Default" })));
  return itemsOf(m);
}

Deno.test("A client asking only in ExtendedFieldURI terms sees every inbox message with size, date, flags", () =>
  withValidatedSimulator(async (sim) => {
    const byField = await inboxByFieldUri(sim);
    const shape = itemShape("IdOnly", [SIZE, DELIVERY, FLAGS, ARTICLE, SUBJECT, MODIFIED]);
    const [m] = messages(await call(sim, findItems(folderId("inbox"), shape)));
    assert.equal(responseCode(m), "NoError");
    const byTag = itemsOf(m);
    assert.equal(byTag.length, byField.length);
    assert.ok(byTag.length >= 5);
    const articles = new Set<string>();
    byTag.forEach((item, i) => {
      const twin = byField[i];
      assert.equal(extended(item, SIZE), find(twin, "t:Size")!.text);
      assert.equal(extended(item, DELIVERY), find(twin, "t:DateTimeReceived")!.text);
      assert.equal(extended(item, SUBJECT), find(twin, "t:Subject")!.text);
      assert.equal(extended(item, MODIFIED), find(twin, "t:LastModifiedTime")!.text);
      const flags = Number(extended(item, FLAGS));
      assert.equal((flags & 1) === 1, find(twin, "t:IsRead")!.text === "true");
      assert.equal((flags & 0x10) === 0x10, find(twin, "t:HasAttachments")!.text === "true");
      articles.add(extended(item, ARTICLE) as string);
    });
    assert.equal(articles.size, byTag.length, "article numbers are unique");
    // Tags are echoed as Exchange spells them: hex without leading zeros.
    const first = find(byTag[0], "t:ExtendedProperty/t:ExtendedFieldURI")!;
    assert.deepEqual(first.attrs, { PropertyTag: "0xe08", PropertyType: "Integer" });
  }));

Deno.test("Folder extended properties equal folder:FolderClass, ChildFolderCount, TotalCount, UnreadCount", () =>
  withValidatedSimulator(async (sim) => {
    const shape = x(
      "m:FolderShape",
      null,
      x("t:BaseShape", null, "Default"),
      x(
        "t:AdditionalProperties",
        null,
        x("t:FieldURI", { FieldURI: "folder:FolderClass" }),
        ...[CONTAINER_CLASS, HAS_SUBFOLDERS, CONTENT_COUNT, UNREAD_COUNT, CHANGE_MARKER].map(uri),
      ),
    );
    const reply = await call(
      sim,
      x(
        "m:FindFolder",
        { Traversal: "Deep" },
        shape,
        x("m:ParentFolderIds", null, folderId("msgfolderroot")),
      ),
    );
    const folders = find(messages(reply)[0], "m:RootFolder/t:Folders")!.children;
    assert.ok(folders.length > 5);
    for (const f of folders) {
      const name = find(f, "t:DisplayName")!.text;
      assert.equal(extended(f, CONTAINER_CLASS), find(f, "t:FolderClass")?.text, name);
      assert.equal(
        extended(f, HAS_SUBFOLDERS),
        String(Number(find(f, "t:ChildFolderCount")!.text) > 0),
        name,
      );
      assert.equal(extended(f, CONTENT_COUNT), find(f, "t:TotalCount")!.text, name);
      const unread = find(f, "t:UnreadCount")?.text;
      if (unread !== undefined) assert.equal(extended(f, UNREAD_COUNT), unread, name);
      assert.match(extended(f, CHANGE_MARKER) as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  }));

Deno.test("The change marker (0x670A) moves on when a folder's contents change, not otherwise", () =>
  withValidatedSimulator(async (sim) => {
    const marker = async () => {
      const reply = await call(
        sim,
        x(
          "m:GetFolder",
          null,
          x(
            "m:FolderShape",
            null,
            x("t:BaseShape", null, "IdOnly"),
            x("t:AdditionalProperties", null, uri(CHANGE_MARKER)),
          ),
          x("m:FolderIds", null, folderId("inbox")),
        ),
      );
      return extended(find(messages(reply)[0], "m:Folders")!.children[0], CHANGE_MARKER);
    };
    const before = await marker();
    assert.equal(await marker(), before);
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    await call(sim, setField(id, FLAG_STATUS, ["2"]));
    const after = await marker();
    assert.ok(after! > before!, `${after} after ${before}`);
  }));

Deno.test("Contains on 0x0037 finds what Contains on item:Subject finds; 0x3613 restricts like folder:FolderClass", () =>
  withValidatedSimulator(async (sim) => {
    const idOnly = itemShape("IdOnly", []);
    for (const word of ["budget", "re:", "zzz-nothing"]) {
      const [bySubject] = messages(
        await call(
          sim,
          findItems(
            folderId("inbox"),
            idOnly,
            contains(x("t:FieldURI", { FieldURI: "item:Subject" }), word),
          ),
        ),
      );
      const [byTag] = messages(
        await call(sim, findItems(folderId("inbox"), idOnly, contains(uri(SUBJECT), word))),
      );
      assert.equal(responseCode(byTag), "NoError");
      assert.deepEqual(itemIds(byTag), itemIds(bySubject), word);
      if (word === "budget") assert.ok(itemIds(byTag).length >= 1);
    }
    const folders = async (restriction: XmlNode) => {
      const reply = await call(
        sim,
        x(
          "m:FindFolder",
          { Traversal: "Deep" },
          x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
          x("m:Restriction", null, restriction),
          x("m:ParentFolderIds", null, folderId("msgfolderroot")),
        ),
      );
      return find(messages(reply)[0], "m:RootFolder/t:Folders")!.children.map((f) =>
        find(f, "t:FolderId")!.attrs.Id
      );
    };
    const classField = x("t:FieldURI", { FieldURI: "folder:FolderClass" });
    const notes = await folders(isEqualTo(classField, "IPF.Note"));
    assert.ok(notes.length > 2);
    assert.deepEqual(await folders(isEqualTo(uri(CONTAINER_CLASS), "IPF.Note")), notes);
    const all = await folders(x("t:Exists", null, classField));
    assert.deepEqual(await folders(x("t:Exists", null, uri(CONTAINER_CLASS))), all);
    const calendars = await folders(isEqualTo(uri(CONTAINER_CLASS), "IPF.Appointment"));
    assert.ok(calendars.length >= 1 && calendars.length < all.length);
  }));

Deno.test("Custom extended properties set by CreateItem and UpdateItem are stored, returned, searched and deleted", () =>
  withValidatedSimulator(async (sim) => {
    const [created] = messages(
      await call(
        sim,
        createWithExtended([
          property(CUSTOM_NAME, "key-123"),
          property(CUSTOM_ID, "0042"),
          property(CUSTOM_ARRAY, "one", "two"),
        ]),
      ),
    );
    assert.equal(responseCode(created), "NoError");
    const id = itemIds(created)[0];
    const shape = itemShape("IdOnly", [CUSTOM_NAME, CUSTOM_ID, CUSTOM_ARRAY], ["item:Subject"]);
    const read = async () => itemsOf(messages(await call(sim, getItems([id], shape)))[0])[0];
    let item = await read();
    assert.equal(extended(item, CUSTOM_NAME), "key-123");
    assert.equal(extended(item, CUSTOM_ID), "42", "integers are stored in their canonical form");
    assert.deepEqual(extended(item, CUSTOM_ARRAY), ["one", "two"]);
    // The reply echoes the path as the client wrote it (clients match on it).
    const echoed = findAll(item, "t:ExtendedProperty/t:ExtendedFieldURI").map((u) => u.attrs);
    assert.deepEqual(echoed, [CUSTOM_NAME, CUSTOM_ID, CUSTOM_ARRAY]);
    // Asked for by set GUID instead of distinguished name: the same property.
    const byGuid = {
      PropertySetId: "00020329-0000-0000-C000-000000000046",
      PropertyName: "X-Ews-Mcp-Key",
      PropertyType: "String",
    };
    const [viaGuid] = messages(await call(sim, getItems([id], itemShape("IdOnly", [byGuid]))));
    assert.equal(extended(itemsOf(viaGuid)[0], byGuid), "key-123");

    const [found] = messages(
      await call(
        sim,
        findItems(
          folderId("drafts"),
          itemShape("IdOnly", []),
          isEqualTo(uri(CUSTOM_NAME), "key-123"),
        ),
      ),
    );
    assert.deepEqual(itemIds(found), [id]);
    const [greater] = messages(
      await call(
        sim,
        findItems(
          folderId("drafts"),
          itemShape("IdOnly", []),
          x(
            "t:IsGreaterThan",
            null,
            uri(CUSTOM_ID),
            x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "41" })),
          ),
        ),
      ),
    );
    assert.deepEqual(itemIds(greater), [id], "integers compare as numbers");

    assert.equal(
      responseCode(messages(await call(sim, setField(id, CUSTOM_NAME, ["key-456"])))[0]),
      "NoError",
    );
    item = await read();
    assert.equal(extended(item, CUSTOM_NAME), "key-456");
    assert.equal(
      responseCode(messages(await call(sim, deleteField(id, CUSTOM_NAME)))[0]),
      "NoError",
    );
    item = await read();
    assert.equal(extended(item, CUSTOM_NAME), undefined);
    assert.equal(extended(item, CUSTOM_ID), "42");
  }));

Deno.test("An extended property nobody set is absent, never invented", () =>
  withValidatedSimulator(async (sim) => {
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const ids = itemIds(m);
    const unknown = [
      {
        DistinguishedPropertySetId: "PublicStrings",
        PropertyName: "NeverSet",
        PropertyType: "String",
      },
      tagged("0x7ABC", "Integer"),
      {
        PropertySetId: "c11ff724-aa03-4555-9952-8fa248a11c3e",
        PropertyId: "1",
        PropertyType: "Boolean",
      },
      // A known tag asked for with a type it does not have is a different MAPI property.
      tagged("0x0037", "Integer"),
      // Not flagged, never answered: Exchange has no value for these.
      FLAG_STATUS,
      LAST_VERB,
    ];
    const [got] = messages(await call(sim, getItems(ids, itemShape("IdOnly", unknown))));
    assert.equal(responseCode(got), "NoError");
    const [reply] = messages(await call(sim, getItems(ids, itemShape("IdOnly", unknown))));
    for (const item of itemsOf(reply)) {
      if (find(item, "t:ExtendedProperty")) {
        // Only flagged demo messages may carry 0x1090.
        for (const p of findAll(item, "t:ExtendedProperty")) {
          assert.equal(find(p, "t:ExtendedFieldURI")!.attrs.PropertyTag, "0x1090");
        }
      }
    }
    const [none] = messages(
      await call(sim, getItems(ids, itemShape("IdOnly", unknown.slice(0, 4)))),
    );
    assert.equal(findAll(find(none, "m:Items"), "t:Message/t:ExtendedProperty").length, 0);
  }));

Deno.test("Flags set with UpdateItem through 0x1090 stick and read back as item:Flag", () =>
  withValidatedSimulator(async (sim) => {
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    assert.equal(
      responseCode(messages(await call(sim, setField(id, FLAG_STATUS, ["2"])))[0]),
      "NoError",
    );
    const shape = itemShape("IdOnly", [FLAG_STATUS], ["item:Flag"]);
    let [item] = itemsOf(messages(await call(sim, getItems([id], shape)))[0]);
    assert.equal(find(item, "t:Flag/t:FlagStatus")!.text, "Flagged");
    assert.equal(extended(item, FLAG_STATUS), "2");
    const [flagged] = messages(
      await call(
        sim,
        findItems(folderId("inbox"), itemShape("IdOnly", []), isEqualTo(uri(FLAG_STATUS), "2")),
      ),
    );
    assert.ok(itemIds(flagged).includes(id));
    await call(sim, setField(id, FLAG_STATUS, ["1"]));
    [item] = itemsOf(messages(await call(sim, getItems([id], shape)))[0]);
    assert.equal(find(item, "t:Flag/t:FlagStatus")!.text, "Complete");
    await call(sim, deleteField(id, FLAG_STATUS));
    [item] = itemsOf(messages(await call(sim, getItems([id], shape)))[0]);
    assert.equal(find(item, "t:Flag/t:FlagStatus")!.text, "NotFlagged");
    assert.equal(extended(item, FLAG_STATUS), undefined);
  }));

Deno.test("A reply sets the last verb (0x1081) on the message answered", () =>
  withValidatedSimulator(async (sim) => {
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    const reply = x(
      "m:CreateItem",
      { MessageDisposition: "SendAndSaveCopy" },
      x(
        "m:Items",
        null,
        x(
          "t:ReplyToItem",
          null,
          x("t:ReferenceItemId", { Id: id }),
          x("t:NewBodyContent", { BodyType: "Text" }, "Thanks"),
        ),
      ),
    );
    assert.equal(responseCode(messages(await call(sim, reply))[0]), "NoError");
    const [item] = itemsOf(
      messages(await call(sim, getItems([id], itemShape("IdOnly", [LAST_VERB]))))[0],
    );
    assert.equal(extended(item, LAST_VERB), "102");
  }));

Deno.test("Bad extended paths and values are refused with Exchange's codes and change nothing", () =>
  withValidatedSimulator(async (sim) => {
    const both = {
      PropertyTag: "0x0037",
      PropertySetId: "c11ff724-aa03-4555-9952-8fa248a11c3e",
      PropertyType: "String",
    };
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    const draftCount = async () =>
      itemIds(messages(await call(sim, findItem(folderId("drafts"), { shape: "IdOnly" })))[0])
        .length;
    const before = await draftCount();
    const [invalid] = messages(await call(sim, getItems([id], itemShape("IdOnly", [both]))));
    assert.equal(responseCode(invalid), "ErrorInvalidExtendedProperty");
    const [badValue] = messages(
      await call(sim, createWithExtended([property(CUSTOM_ID, "not a number")])),
    );
    assert.equal(responseCode(badValue), "ErrorInvalidExtendedPropertyValue");
    const [computed] = messages(await call(sim, setField(id, SIZE, ["1"])));
    assert.equal(responseCode(computed), "ErrorInvalidPropertySet");
    const [computedOnCreate] = messages(await call(sim, createWithExtended([property(SIZE, "1")])));
    assert.equal(responseCode(computedOnCreate), "ErrorInvalidPropertySet");
    assert.equal(await draftCount(), before, "the refused CreateItem stored nothing");
  }));

Deno.test("Folders keep custom extended properties from CreateFolder and UpdateFolder; FindFolder filters on them", () =>
  withValidatedSimulator(async (sim) => {
    const SYNC_STATE: Attrs = {
      DistinguishedPropertySetId: "PublicStrings",
      PropertyName: "X-Sync-Owner",
      PropertyType: "String",
    };
    const created = await call(
      sim,
      x(
        "m:CreateFolder",
        null,
        x("m:ParentFolderId", null, folderId("inbox")),
        x(
          "m:Folders",
          null,
          x("t:Folder", null, x("t:DisplayName", null, "Synced"), property(SYNC_STATE, "app-1")),
        ),
      ),
    );
    const [made] = messages(created);
    assert.equal(responseCode(made), "NoError");
    const id = find(made, "m:Folders/t:Folder/t:FolderId")!.attrs.Id;
    const shape = x(
      "m:FolderShape",
      null,
      x("t:BaseShape", null, "IdOnly"),
      x("t:AdditionalProperties", null, uri(SYNC_STATE), uri(CONTAINER_CLASS)),
    );
    const read = async () => {
      const reply = await call(
        sim,
        x("m:GetFolder", null, shape, x("m:FolderIds", null, x("t:FolderId", { Id: id }))),
      );
      return find(messages(reply)[0], "m:Folders")!.children[0];
    };
    let folder = await read();
    assert.equal(extended(folder, SYNC_STATE), "app-1");
    assert.equal(extended(folder, CONTAINER_CLASS), "IPF.Note");

    const found = await call(
      sim,
      x(
        "m:FindFolder",
        { Traversal: "Deep" },
        x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
        x("m:Restriction", null, isEqualTo(uri(SYNC_STATE), "app-1")),
        x("m:ParentFolderIds", null, folderId("msgfolderroot")),
      ),
    );
    const ids = find(messages(found)[0], "m:RootFolder/t:Folders")!.children.map((f) =>
      find(f, "t:FolderId")!.attrs.Id
    );
    assert.deepEqual(ids, [id]);

    const change = (update: XmlNode) =>
      x(
        "m:UpdateFolder",
        null,
        x(
          "m:FolderChanges",
          null,
          x(
            "t:FolderChange",
            null,
            x("t:FolderId", { Id: id }),
            x("t:Updates", null, update),
          ),
        ),
      );
    const [set] = messages(
      await call(
        sim,
        change(
          x(
            "t:SetFolderField",
            null,
            uri(SYNC_STATE),
            x("t:Folder", null, property(SYNC_STATE, "app-2")),
          ),
        ),
      ),
    );
    assert.equal(responseCode(set), "NoError");
    folder = await read();
    assert.equal(extended(folder, SYNC_STATE), "app-2");
    const [computed] = messages(
      await call(
        sim,
        change(
          x(
            "t:SetFolderField",
            null,
            uri(CONTENT_COUNT),
            x("t:Folder", null, property(CONTENT_COUNT, "7")),
          ),
        ),
      ),
    );
    assert.equal(responseCode(computed), "ErrorInvalidPropertySet");
    const [removed] = messages(
      await call(sim, change(x("t:DeleteFolderField", null, uri(SYNC_STATE)))),
    );
    assert.equal(responseCode(removed), "NoError");
    folder = await read();
    assert.equal(extended(folder, SYNC_STATE), undefined);
  }));

Deno.test("MAPI twins are writable where Exchange allows: the read bit of 0x0E07, Keywords as categories", () =>
  withValidatedSimulator(async (sim) => {
    const KEYWORDS: Attrs = {
      DistinguishedPropertySetId: "PublicStrings",
      PropertyName: "Keywords",
      PropertyType: "StringArray",
    };
    const [m] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const id = itemIds(m)[0];
    assert.equal(responseCode(messages(await call(sim, setField(id, FLAGS, ["0"])))[0]), "NoError");
    const shape = itemShape("IdOnly", [FLAGS, KEYWORDS], ["message:IsRead", "item:Categories"]);
    let [item] = itemsOf(messages(await call(sim, getItems([id], shape)))[0]);
    assert.equal(find(item, "t:IsRead")!.text, "false");
    assert.equal(Number(extended(item, FLAGS)) & 1, 0);
    await call(sim, setField(id, FLAGS, ["1"]));
    await call(sim, setField(id, KEYWORDS, ["Red", "Project X"]));
    [item] = itemsOf(messages(await call(sim, getItems([id], shape)))[0]);
    assert.equal(find(item, "t:IsRead")!.text, "true");
    assert.deepEqual(findAll(item, "t:Categories/t:String").map((s) => s.text), [
      "Red",
      "Project X",
    ]);
    assert.deepEqual(extended(item, KEYWORDS), ["Red", "Project X"]);
  }));

Deno.test("A sent draft keeps its custom properties on the Sent Items copy, where a restriction finds it", () =>
  withValidatedSimulator(async (sim) => {
    const to = x(
      "t:ToRecipients",
      null,
      x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
    );
    const [created] = messages(
      await call(sim, createWithExtended([property(CUSTOM_NAME, "sent-key"), to])),
    );
    const [draft] = itemIds(created);
    const [sent] = messages(
      await call(
        sim,
        x(
          "m:SendItem",
          { SaveItemToFolder: "true" },
          x("m:ItemIds", null, x("t:ItemId", { Id: draft })),
        ),
      ),
    );
    assert.equal(responseCode(sent), "NoError");
    const [found] = messages(
      await call(
        sim,
        findItems(
          folderId("sentitems"),
          itemShape("IdOnly", [CUSTOM_NAME]),
          isEqualTo(uri(CUSTOM_NAME), "sent-key"),
        ),
      ),
    );
    const items = itemsOf(found);
    assert.equal(items.length, 1);
    assert.equal(extended(items[0], CUSTOM_NAME), "sent-key");
  }));
