import assert from "node:assert/strict";
import { find, x, type XmlNode } from "../../ews/xml/mod.ts";
import { call, folderId, messages, responseCode, withSimulator } from "./helpers.ts";

const getFolder = (ids: XmlNode[], shape = "AllProperties") =>
  x(
    "m:GetFolder",
    null,
    x("m:FolderShape", null, x("t:BaseShape", null, shape)),
    x("m:FolderIds", null, ...ids),
  );

const findFolder = (parent: XmlNode, traversal: string, view?: XmlNode) =>
  x(
    "m:FindFolder",
    { Traversal: traversal },
    x("m:FolderShape", null, x("t:BaseShape", null, "Default")),
    view,
    x("m:ParentFolderIds", null, parent),
  );

const names = (message: ReturnType<typeof messages>[number]) =>
  (find(message, "m:RootFolder/t:Folders")?.children ?? []).map((f) =>
    find(f, "t:DisplayName")?.text
  );

Deno.test("GetFolder returns a distinguished folder with its counts", () =>
  withSimulator(async (sim) => {
    const [inbox, calendar] = messages(
      await call(sim, getFolder([folderId("inbox"), folderId("calendar")])),
    );
    const folder = find(inbox, "m:Folders/t:Folder")!;
    assert.equal(find(folder, "t:DisplayName")?.text, "Inbox");
    assert.equal(find(folder, "t:FolderClass")?.text, "IPF.Note");
    assert.equal(find(folder, "t:TotalCount")?.text, "12");
    assert.equal(find(folder, "t:UnreadCount")?.text, "6");
    assert.equal(find(folder, "t:ChildFolderCount")?.text, "2");
    assert.ok(find(folder, "t:ParentFolderId")?.attrs.Id);
    const cal = find(calendar, "m:Folders/t:CalendarFolder")!;
    assert.equal(find(cal, "t:FolderClass")?.text, "IPF.Appointment");
    assert.equal(find(cal, "t:UnreadCount"), undefined, "calendar folders have no unread count");
  }));

Deno.test("GetFolder by FolderId round-trips, and bad ids fail per folder", () =>
  withSimulator(async (sim) => {
    const [inbox] = messages(await call(sim, getFolder([folderId("inbox")], "IdOnly")));
    const id = find(inbox, "m:Folders/t:Folder/t:FolderId")!.attrs.Id;
    const unknown = btoa("EwsSim1|folder|alex@contoso.test|f999");
    const list = messages(
      await call(
        sim,
        getFolder([
          x("t:FolderId", { Id: id }),
          x("t:FolderId", { Id: "garbage" }),
          x("t:FolderId", { Id: unknown }),
          folderId("archiveinbox"),
        ], "Default"),
      ),
    );
    assert.deepEqual(list.map(responseCode), [
      "NoError",
      "ErrorInvalidIdMalformed",
      "ErrorFolderNotFound",
      "ErrorFolderNotFound",
    ]);
    assert.equal(find(list[0], "m:Folders/t:Folder/t:DisplayName")?.text, "Inbox");
  }));

Deno.test("FindFolder lists direct children (Shallow) or the whole subtree (Deep)", () =>
  withSimulator(async (sim) => {
    const [shallow] = messages(await call(sim, findFolder(folderId("inbox"), "Shallow")));
    assert.deepEqual(names(shallow), ["Projects", "Receipts"]);
    const [deep] = messages(await call(sim, findFolder(folderId("inbox"), "Deep")));
    assert.deepEqual(names(deep), ["Projects", "Migration 2025", "Receipts"]);
    const [top] = messages(await call(sim, findFolder(folderId("msgfolderroot"), "Shallow")));
    assert.ok(names(top).includes("Sent Items"));
    const [paged] = messages(
      await call(
        sim,
        findFolder(
          folderId("root"),
          "Deep",
          x("m:IndexedPageFolderView", {
            MaxEntriesReturned: 3,
            Offset: 0,
            BasePoint: "Beginning",
          }),
        ),
      ),
    );
    assert.deepEqual(names(paged), ["Top of Information Store", "Inbox", "Projects"]);
    assert.equal(find(paged, "m:RootFolder")?.attrs.IncludesLastItemInRange, "false");
  }));
