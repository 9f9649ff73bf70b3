/**
 * CreateFolder, UpdateFolder, MoveFolder, DeleteFolder and EmptyFolder: what they change, the
 * error codes Exchange gives, the rights they need; every request and reply schema-valid.
 */
import assert from "node:assert/strict";
import { find, x, type XmlNode } from "../../ews/xml/mod.ts";
import type { RunningSimulator } from "../../sim/mod.ts";
import { assertSchemaValid } from "../support/schema.ts";
import { call, folderId, messages, responseCode, withSimulator } from "./helpers.ts";

const byId = (id: string) => x("t:FolderId", { Id: id });

const create = (parent: XmlNode, name: string, kind = "t:Folder") =>
  x(
    "m:CreateFolder",
    null,
    x("m:ParentFolderId", null, parent),
    x("m:Folders", null, x(kind, null, x("t:DisplayName", null, name))),
  );

const rename = (folder: XmlNode, name: string) =>
  x(
    "m:UpdateFolder",
    null,
    x(
      "m:FolderChanges",
      null,
      x(
        "t:FolderChange",
        null,
        folder,
        x(
          "t:Updates",
          null,
          x(
            "t:SetFolderField",
            null,
            x("t:FieldURI", { FieldURI: "folder:DisplayName" }),
            x("t:Folder", null, x("t:DisplayName", null, name)),
          ),
        ),
      ),
    ),
  );

const move = (folder: XmlNode, to: XmlNode) =>
  x("m:MoveFolder", null, x("m:ToFolderId", null, to), x("m:FolderIds", null, folder));

const remove = (folder: XmlNode, type = "HardDelete") =>
  x("m:DeleteFolder", { DeleteType: type }, x("m:FolderIds", null, folder));

const empty = (folder: XmlNode, subfolders: boolean, type = "HardDelete") =>
  x(
    "m:EmptyFolder",
    { DeleteType: type, DeleteSubFolders: String(subfolders) },
    x("m:FolderIds", null, folder),
  );

async function code(sim: RunningSimulator, body: XmlNode): Promise<string | undefined> {
  return responseCode(messages(await call(sim, body))[0]);
}

async function createdId(sim: RunningSimulator, parent: XmlNode, name: string): Promise<string> {
  const [reply] = messages(await call(sim, create(parent, name)));
  assert.equal(responseCode(reply), "NoError");
  return find(reply, "m:Folders/t:Folder/t:FolderId")!.attrs.Id;
}

async function checkSchema(sim: RunningSimulator) {
  await assertSchemaValid(sim.exchanges.flatMap((e, i) => [
    // A request the simulator refused as schema-invalid is invalid on purpose.
    ...(e.response.includes("ErrorSchemaValidation")
      ? []
      : [{ name: `#${i} ${e.operation} request`, xml: e.request }]),
    { name: `#${i} ${e.operation} reply`, xml: e.response },
  ]));
}

Deno.test("CreateFolder and UpdateFolder: new folders, renames, unique names among siblings", () =>
  withSimulator(async (sim) => {
    const alex = sim.organisation.requireMailbox("alex@contoso.test");
    const id = await createdId(sim, folderId("inbox"), "Invoices");
    assert.ok(alex.folderByPath("Inbox/Invoices"));
    assert.equal(await code(sim, create(folderId("inbox"), "invoices")), "ErrorFolderExists");
    assert.equal(await code(sim, create(folderId("inbox"), "  ")), "ErrorRequiredPropertyMissing");
    const [calendar] = messages(
      await call(sim, create(folderId("calendar"), "Team", "t:CalendarFolder")),
    );
    assert.ok(find(calendar, "m:Folders/t:CalendarFolder/t:FolderId"));

    assert.equal(await code(sim, rename(byId(id), "Bills")), "NoError");
    assert.ok(alex.folderByPath("Inbox/Bills"));
    assert.equal(await code(sim, rename(byId(id), "Projects")), "ErrorFolderExists");
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("MoveFolder: into another folder; never into itself, never a well-known folder", () =>
  withSimulator(async (sim) => {
    const alex = sim.organisation.requireMailbox("alex@contoso.test");
    const projects = alex.folderByPath("Inbox/Projects")!;
    const receipts = alex.folderByPath("Inbox/Receipts")!;
    const ids = { projects: "", receipts: "", migration: "" };
    const { encodeId } = await import("../../sim/mod.ts");
    ids.projects = encodeId("folder", alex.address, projects.key);
    ids.receipts = encodeId("folder", alex.address, receipts.key);
    ids.migration = encodeId(
      "folder",
      alex.address,
      alex.folderByPath("Inbox/Projects/Migration 2025")!.key,
    );

    assert.equal(
      await code(sim, move(byId(ids.projects), byId(ids.migration))),
      "ErrorMoveCopyFailed",
    );
    assert.equal(
      await code(sim, move(byId(ids.projects), byId(ids.projects))),
      "ErrorMoveCopyFailed",
    );
    assert.equal(
      await code(sim, move(folderId("inbox"), byId(ids.receipts))),
      "ErrorMoveDistinguishedFolder",
    );
    assert.equal(
      await code(sim, move(byId(ids.projects), folderId("inbox", "pat@contoso.test"))),
      "ErrorAccessDenied",
      "Editor on pat's Inbox does not allow creating subfolders",
    );
    assert.equal(await code(sim, move(byId(ids.projects), byId(ids.receipts))), "NoError");
    assert.ok(
      alex.folderByPath("Inbox/Receipts/Projects/Migration 2025"),
      "moved with its subtree",
    );
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("DeleteFolder: hard delete removes the subtree, MoveToDeletedItems keeps it", () =>
  withSimulator(async (sim) => {
    const alex = sim.organisation.requireMailbox("alex@contoso.test");
    const keep = await createdId(sim, folderId("inbox"), "Keep");
    assert.equal(await code(sim, remove(byId(keep), "MoveToDeletedItems")), "NoError");
    assert.ok(alex.folderByPath("Deleted Items/Keep"));

    const projects = alex.folderByPath("Inbox/Projects")!;
    const inside = alex.itemsIn(projects.key).length +
      alex.itemsIn(alex.folderByPath("Inbox/Projects/Migration 2025")!.key).length;
    const before = alex.items.size;
    const { encodeId } = await import("../../sim/mod.ts");
    assert.equal(
      await code(sim, remove(byId(encodeId("folder", alex.address, projects.key)))),
      "NoError",
    );
    assert.equal(alex.folderByPath("Inbox/Projects"), undefined);
    assert.equal(alex.folderByPath("Inbox/Projects/Migration 2025"), undefined);
    assert.equal(alex.items.size, before - inside);
    assert.equal(await code(sim, remove(folderId("inbox"))), "ErrorDeleteDistinguishedFolder");
    const invalid = await call(sim, remove(byId(keep), "Nonsense"));
    assert.equal(find(invalid.body, "faultcode")?.text, "a:ErrorSchemaValidation");
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("EmptyFolder: items only, or items and subfolders; roots cannot be emptied", () =>
  withSimulator(async (sim) => {
    const alex = sim.organisation.requireMailbox("alex@contoso.test");
    const inboxItems = alex.itemsIn("inbox").length;
    assert.ok(inboxItems > 0);
    assert.equal(await code(sim, empty(folderId("inbox"), false, "MoveToDeletedItems")), "NoError");
    assert.equal(alex.itemsIn("inbox").length, 0);
    assert.ok(alex.itemsIn("deleteditems").length >= inboxItems, "moved, not destroyed");
    assert.ok(alex.folderByPath("Inbox/Projects"), "subfolders kept");

    assert.equal(await code(sim, empty(folderId("inbox"), true)), "NoError");
    assert.equal(alex.childFolders("inbox").length, 0);
    assert.equal(
      await code(sim, empty(folderId("msgfolderroot"), false)),
      "ErrorCannotEmptyFolder",
    );
    await checkSchema(sim);
  }, { validateSchema: true, record: true }));

Deno.test("Folder changes in another mailbox need the matching folder rights", () =>
  withSimulator(async (sim) => {
    const pat = sim.organisation.requireMailbox("pat@contoso.test");
    const inbox = folderId("inbox", "pat@contoso.test");
    assert.equal(await code(sim, create(inbox, "Mine")), "ErrorAccessDenied");
    assert.equal(await code(sim, rename(inbox, "Renamed")), "ErrorAccessDenied");
    assert.equal(
      await code(sim, empty(folderId("sentitems", "pat@contoso.test"), false)),
      "ErrorAccessDenied",
    );
    // Editor may delete every item of pat's Inbox, but not its subfolders (not shared).
    assert.equal(await code(sim, empty(inbox, true)), "ErrorAccessDenied");
    assert.ok(pat.itemsIn("inbox").length > 0, "a refused request changes nothing");
    sim.organisation.permissions.grantFolder(
      "pat@contoso.test",
      "inbox",
      "alex@contoso.test",
      "PublishingEditor",
    );
    assert.equal(await code(sim, create(inbox, "Mine")), "NoError");
    assert.ok(pat.folderByPath("Inbox/Mine"));
  }));
