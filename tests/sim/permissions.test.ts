/**
 * The simulator's permission model: per-folder delegate roles, Full Access, SendAs and
 * SendOnBehalf, impersonation of oneself, and strict routing. Each rule has a test that fails
 * when the rule is removed.
 */
import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import { demoOrganisation, type RunningSimulator } from "../../sim/mod.ts";
import { allows, PERMISSION_LEVELS } from "../../sim/store/permissions.ts";
import {
  ALEX,
  BASE_DATE,
  basic,
  call,
  envelope,
  findItem,
  folderId,
  getItem,
  impersonating,
  itemIds,
  messages,
  PAT,
  responseCode,
  setFieldChange,
  updateItem,
  withSimulator,
} from "./helpers.ts";

const pat = (id: string) => folderId(id, "pat@contoso.test");

async function findCode(sim: RunningSimulator, folder: string): Promise<string | undefined> {
  return responseCode(messages(await call(sim, findItem(pat(folder))))[0]);
}

function saveDraft(folder: ReturnType<typeof folderId>, subject = "Draft by a delegate") {
  return x(
    "m:CreateItem",
    { MessageDisposition: "SaveOnly" },
    x("m:SavedItemFolderId", null, folder),
    x("m:Items", null, x("t:Message", null, x("t:Subject", null, subject))),
  );
}

function send(options: { from?: string; to?: string; saveIn?: ReturnType<typeof folderId> }) {
  return x(
    "m:CreateItem",
    { MessageDisposition: "SendAndSaveCopy" },
    options.saveIn && x("m:SavedItemFolderId", null, options.saveIn),
    x(
      "m:Items",
      null,
      x(
        "t:Message",
        null,
        x("t:Subject", null, "Sent by alex"),
        x(
          "t:ToRecipients",
          null,
          x("t:Mailbox", null, x("t:EmailAddress", null, options.to ?? "sales@contoso.test")),
        ),
        options.from &&
          x("t:From", null, x("t:Mailbox", null, x("t:EmailAddress", null, options.from))),
      ),
    ),
  );
}

Deno.test("Permission levels grant what Exchange documents for each role", () => {
  const reviewer = PERMISSION_LEVELS.Reviewer;
  assert.equal(allows(reviewer, "read"), true);
  assert.equal(allows(reviewer, "create"), false);
  assert.equal(allows(reviewer, "edit"), false);
  const author = PERMISSION_LEVELS.Author;
  assert.equal(allows(author, "create"), true);
  assert.equal(allows(author, "edit"), false, "Author edits only its own items");
  assert.equal(allows(author, "edit", true), true);
  assert.equal(allows(author, "delete", true), true);
  assert.equal(allows(author, "createSubfolder"), false);
  const editor = PERMISSION_LEVELS.Editor;
  assert.equal(allows(editor, "edit"), true);
  assert.equal(allows(editor, "delete"), true);
  assert.equal(allows(editor, "owner"), false);
  assert.equal(allows(PERMISSION_LEVELS.PublishingEditor, "createSubfolder"), true);
  assert.equal(allows(PERMISSION_LEVELS.Owner, "owner"), true);
  assert.equal(allows(PERMISSION_LEVELS.Contributor, "read"), false);
  assert.equal(allows(PERMISSION_LEVELS.Contributor, "view"), true);
  assert.equal(allows(PERMISSION_LEVELS.None, "view"), false);
});

Deno.test("The demo delegate (Editor on Inbox and Calendar) opens those folders and no other", () =>
  withSimulator(async (sim) => {
    assert.equal(await findCode(sim, "inbox"), "NoError");
    assert.equal(await findCode(sim, "calendar"), "NoError");
    for (const folder of ["sentitems", "drafts", "deleteditems", "junkemail"]) {
      assert.equal(await findCode(sim, folder), "ErrorAccessDenied", folder);
    }
    const root = messages(
      await call(
        sim,
        x(
          "m:GetFolder",
          null,
          x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
          x("m:FolderIds", null, pat("msgfolderroot"), pat("root")),
        ),
      ),
    );
    assert.deepEqual(root.map(responseCode), ["ErrorAccessDenied", "ErrorAccessDenied"]);
  }));

Deno.test("FindFolder shows a delegate only the folders it may see", () =>
  withSimulator(async (sim) => {
    const deep = (parent: ReturnType<typeof folderId>) =>
      x(
        "m:FindFolder",
        { Traversal: "Deep" },
        x("m:FolderShape", null, x("t:BaseShape", null, "Default")),
        x("m:ParentFolderIds", null, parent),
      );
    const [fromRoot] = messages(await call(sim, deep(pat("msgfolderroot"))));
    assert.equal(responseCode(fromRoot), "ErrorAccessDenied");
    // Inbox/Clients was never shared: Editor on Inbox does not reach its subfolders.
    const [fromInbox] = messages(await call(sim, deep(pat("inbox"))));
    assert.equal(responseCode(fromInbox), "NoError");
    assert.equal(find(fromInbox, "m:RootFolder")?.attrs.TotalItemsInView, "0");
    // pat sees its own subfolder.
    const [own] = messages(await call(sim, deep(folderId("inbox")), { as: PAT }));
    assert.equal(find(own, "m:RootFolder")?.attrs.TotalItemsInView, "1");
  }));

Deno.test("A delegate writes only where its role allows it", () =>
  withSimulator(async (sim) => {
    const [drafts] = messages(await call(sim, saveDraft(pat("drafts"))));
    assert.equal(responseCode(drafts), "ErrorAccessDenied");
    const [inbox] = messages(await call(sim, saveDraft(pat("inbox"))));
    assert.equal(responseCode(inbox), "NoError", "Editor may create items in Inbox");
    const patMailbox = sim.organisation.requireMailbox("pat@contoso.test");
    assert.equal(patMailbox.itemsIn("drafts").length, 0);
  }));

Deno.test("A Reviewer reads but cannot create; Full Access opens every folder", async () => {
  const org = demoOrganisation({ baseDate: BASE_DATE });
  org.permissions.grantFolder("ceo@contoso.test", "inbox", "alex@contoso.test", "Reviewer");
  await withSimulator(async (sim) => {
    const ceo = (id: string) => folderId(id, "ceo@contoso.test");
    assert.equal(responseCode(messages(await call(sim, findItem(ceo("inbox"))))[0]), "NoError");
    const [create] = messages(await call(sim, saveDraft(ceo("inbox"))));
    assert.equal(responseCode(create), "ErrorAccessDenied");
    assert.equal(
      responseCode(messages(await call(sim, findItem(ceo("sentitems"))))[0]),
      "ErrorAccessDenied",
    );
    org.grantFullAccess("ceo@contoso.test", "alex@contoso.test");
    assert.equal(responseCode(messages(await call(sim, findItem(ceo("sentitems"))))[0]), "NoError");
    assert.equal(responseCode(messages(await call(sim, saveDraft(ceo("drafts"))))[0]), "NoError");
  }, { organisation: org });
});

Deno.test("Items by id need read rights on their folder, not just some access to the mailbox", () =>
  withSimulator(async (sim) => {
    const patMailbox = sim.organisation.requireMailbox("pat@contoso.test");
    const sent = patMailbox.addMessage("sentitems", { subject: "Private sent mail" });
    const [probe] = messages(await call(sim, findItem(folderId("sentitems"), {}), { as: PAT }));
    const id = itemIds(probe).find((i) => i) ?? "";
    assert.ok(id, `${sent.subject} is listed for pat`);
    const [denied] = messages(await call(sim, getItem([id])));
    assert.equal(responseCode(denied), "ErrorAccessDenied");
  }));

Deno.test("Send on behalf: From is the owner, Sender the delegate", () =>
  withSimulator(async (sim) => {
    const [reply] = messages(await call(sim, send({ from: "pat@contoso.test" })));
    assert.equal(responseCode(reply), "NoError");
    const delivered = sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
      .find((m) => m.subject === "Sent by alex")!;
    assert.equal(delivered.from?.emailAddress, "pat@contoso.test");
    assert.equal(delivered.sender?.emailAddress, "alex@contoso.test");
    // The copy goes to alex's own Sent Items: pat's needs a right alex lacks.
    const copy = sim.organisation.requireMailbox("alex@contoso.test").itemsIn("sentitems")
      .find((m) => m.subject === "Sent by alex");
    assert.equal(copy?.sender?.emailAddress, "alex@contoso.test");
    const [intoPat] = messages(
      await call(sim, send({ from: "pat@contoso.test", saveIn: pat("sentitems") })),
    );
    assert.equal(responseCode(intoPat), "ErrorAccessDenied");
  }));

Deno.test("Send as another mailbox without the right is ErrorSendAsDenied and sends nothing", () =>
  withSimulator(async (sim) => {
    const before = sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox").length;
    const [reply] = messages(await call(sim, send({ from: "ceo@contoso.test" })));
    assert.equal(responseCode(reply), "ErrorSendAsDenied");
    const [external] = messages(await call(sim, send({ from: "someone@fabrikam.test" })));
    assert.equal(responseCode(external), "ErrorSendAsDenied");
    assert.equal(
      sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox").length,
      before,
    );
  }));

Deno.test("SendAs: the message goes out as the owner, From and Sender both", () =>
  withSimulator(async (sim) => {
    sim.organisation.permissions.grantSendAs("ceo@contoso.test", "alex@contoso.test");
    const [reply] = messages(await call(sim, send({ from: "ceo@contoso.test" })));
    assert.equal(responseCode(reply), "NoError");
    const delivered = sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
      .find((m) => m.subject === "Sent by alex")!;
    assert.equal(delivered.from?.emailAddress, "ceo@contoso.test");
    assert.equal(delivered.sender?.emailAddress, "ceo@contoso.test");
  }));

Deno.test("Impersonating oneself without the role is refused like anyone else", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")), {
      headers: [impersonating("pat@contoso.test")],
      as: PAT,
    });
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorImpersonateUserDenied");
  }));

Deno.test("Strict routing: an impersonated request needs X-AnchorMailbox naming the target", () =>
  withSimulator(async (sim) => {
    const request = envelope(findItem(folderId("inbox")), [impersonating("pat@contoso.test")]);
    const post = async (anchor?: string) => {
      const headers: Record<string, string> = {
        "Content-Type": "text/xml; charset=utf-8",
        Authorization: basic(ALEX.user, ALEX.password),
      };
      if (anchor) headers["X-AnchorMailbox"] = anchor;
      const response = await fetch(sim.url, { method: "POST", headers, body: request });
      return { status: response.status, text: await response.text() };
    };
    const missing = await post();
    assert.equal(missing.status, 500);
    assert.match(missing.text, /ErrorImpersonationFailed/);
    assert.equal((await post("alex@contoso.test")).status, 500, "the caller's anchor is wrong");
    assert.equal((await post("Pat@Contoso.test")).status, 200);
  }, { strictRouting: true }));

Deno.test("Out-of-office settings of another mailbox need Full Access, not folder rights", () =>
  withSimulator(async (sim) => {
    const request = x(
      "m:GetUserOofSettingsRequest",
      null,
      x("t:Mailbox", null, x("t:Address", null, "pat@contoso.test")),
    );
    const code = async () =>
      find((await call(sim, request)).body, "m:ResponseMessage/m:ResponseCode")?.text;
    assert.equal(await code(), "ErrorAccessDenied", "a delegate with Inbox and Calendar only");
    sim.organisation.grantFullAccess("pat@contoso.test", "alex@contoso.test");
    assert.equal(await code(), "NoError");
  }));

Deno.test("EffectiveRights tell each user what it holds on a folder", () =>
  withSimulator(async (sim) => {
    const rightsOf = async (folder: ReturnType<typeof folderId>) => {
      const [message] = messages(
        await call(
          sim,
          x(
            "m:GetFolder",
            null,
            x(
              "m:FolderShape",
              null,
              x("t:BaseShape", null, "IdOnly"),
              x(
                "t:AdditionalProperties",
                null,
                x("t:FieldURI", { FieldURI: "folder:EffectiveRights" }),
              ),
            ),
            x("m:FolderIds", null, folder),
          ),
        ),
      );
      const rights = find(message, "m:Folders/t:Folder/t:EffectiveRights")!;
      return Object.fromEntries(rights.children.map((c) => [c.name, c.text === "true"]));
    };
    assert.deepEqual(await rightsOf(pat("inbox")), {
      CreateAssociated: false,
      CreateContents: true,
      CreateHierarchy: false,
      Delete: false,
      Modify: false,
      Read: true,
      ViewPrivateItems: false,
    });
    const own = await rightsOf(folderId("inbox"));
    assert.ok(Object.values(own).every(Boolean), "the owner holds every right");
  }));

Deno.test("Seeing a folder is not reading it: a Contributor may drop items in but not list them", () =>
  withSimulator(async (sim) => {
    sim.organisation.permissions.grantFolder(
      "ceo@contoso.test",
      "inbox",
      "alex@contoso.test",
      "Contributor",
    );
    const ceo = folderId("inbox", "ceo@contoso.test");
    const [folder] = messages(
      await call(
        sim,
        x(
          "m:GetFolder",
          null,
          x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
          x("m:FolderIds", null, ceo),
        ),
      ),
    );
    assert.equal(responseCode(folder), "NoError", "the folder is visible");
    assert.equal(responseCode(messages(await call(sim, findItem(ceo)))[0]), "ErrorAccessDenied");
    assert.equal(responseCode(messages(await call(sim, saveDraft(ceo)))[0]), "NoError");
  }));

Deno.test("Item EffectiveRights follow the folder role: an Editor modifies, a Reviewer reads", () =>
  withSimulator(async (sim) => {
    sim.organisation.permissions.grantFolder(
      "ceo@contoso.test",
      "inbox",
      "alex@contoso.test",
      "Reviewer",
    );
    const rightsOf = async (folder: ReturnType<typeof folderId>) => {
      const [list] = messages(await call(sim, findItem(folder, { shape: "IdOnly" })));
      const [item] = messages(
        await call(sim, getItem([itemIds(list)[0]], { properties: ["item:EffectiveRights"] })),
      );
      const rights = find(item, "m:Items/t:Message/t:EffectiveRights")!;
      return Object.fromEntries(rights.children.map((c) => [c.name, c.text === "true"]));
    };
    const editor = await rightsOf(pat("inbox"));
    assert.deepEqual([editor.Read, editor.Modify, editor.Delete, editor.ViewPrivateItems], [
      true,
      true,
      true,
      false,
    ]);
    const reviewer = await rightsOf(folderId("inbox", "ceo@contoso.test"));
    assert.deepEqual([reviewer.Read, reviewer.Modify, reviewer.Delete], [true, false, false]);
    const own = await rightsOf(folderId("inbox"));
    assert.deepEqual([own.Modify, own.ViewPrivateItems], [true, true]);
  }));

Deno.test("Mail operations need write rights: a Reviewer may not delete, move or change items", () =>
  withSimulator(async (sim) => {
    sim.organisation.permissions.grantFolder(
      "ceo@contoso.test",
      "inbox",
      "alex@contoso.test",
      "Reviewer",
    );
    const ceoInbox = folderId("inbox", "ceo@contoso.test");
    const [list] = messages(await call(sim, findItem(ceoInbox, { shape: "IdOnly" })));
    const id = itemIds(list)[0];
    const ids = x("m:ItemIds", null, x("t:ItemId", { Id: id }));
    const codeOf = async (body: ReturnType<typeof x>) =>
      responseCode(messages(await call(sim, body))[0]);
    assert.equal(
      await codeOf(x("m:DeleteItem", { DeleteType: "HardDelete" }, ids)),
      "ErrorAccessDenied",
    );
    assert.equal(
      await codeOf(x("m:MoveItem", null, x("m:ToFolderId", null, folderId("drafts")), ids)),
      "ErrorAccessDenied",
      "moving out needs DeleteItems",
    );
    assert.equal(
      await codeOf(x("m:CopyItem", null, x("m:ToFolderId", null, ceoInbox), ids)),
      "ErrorAccessDenied",
      "copying in needs CreateItems",
    );
    const update = updateItem(id, [
      setFieldChange("item:Subject", x("t:Subject", null, "Changed")),
    ]);
    assert.equal(await codeOf(update), "ErrorAccessDenied");
    assert.equal(
      sim.organisation.requireMailbox("ceo@contoso.test").itemsIn("inbox").length,
      itemIds(list).length,
      "nothing changed",
    );
    // The demo delegate, Editor on pat's Inbox, may.
    const [patList] = messages(await call(sim, findItem(pat("inbox"), { shape: "IdOnly" })));
    const patIds = x("m:ItemIds", null, x("t:ItemId", { Id: itemIds(patList)[0] }));
    assert.equal(
      await codeOf(x("m:CopyItem", null, x("m:ToFolderId", null, pat("inbox")), patIds)),
      "NoError",
    );
  }));
