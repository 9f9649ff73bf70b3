import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import { createSchemaValidator } from "../../sim/mod.ts";
import {
  call,
  envelope,
  findItem,
  folderId,
  getItem,
  impersonating,
  itemIds,
  messages,
  post,
  withSimulator,
} from "./helpers.ts";

Deno.test("With validateSchema a schema-invalid request gets ErrorSchemaValidation", () =>
  withSimulator(async (sim) => {
    // BaseShape must come first in ItemShape; Exchange rejects the swapped order.
    const invalid = x(
      "m:GetFolder",
      null,
      x("m:FolderIds", null, folderId("inbox")),
      x("m:FolderShape", null, x("t:BaseShape", null, "Default")),
    );
    const reply = await call(sim, invalid);
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorSchemaValidation");
    assert.match(find(reply.body, "faultstring")?.text ?? "", /FolderShape|FolderIds/);
    assert.ok(find(reply.body, "detail/t:MessageXml/t:Violation"));

    const valid = await call(sim, findItem(folderId("inbox")));
    assert.equal(valid.status, 200);
  }, { validateSchema: true }));

Deno.test("Every recorded reply of a varied session validates against the EWS schema", () =>
  withSimulator(async (sim) => {
    const [inbox] = messages(
      await call(
        sim,
        findItem(folderId("inbox"), {
          view: x("m:IndexedPageItemView", {
            MaxEntriesReturned: 3,
            Offset: 0,
            BasePoint: "Beginning",
          }),
        }),
      ),
    );
    const ids = itemIds(inbox);
    await call(sim, findItem(folderId("inbox"), { shape: "AllProperties" }));
    await call(sim, getItem([...ids, "bad"], { shape: "AllProperties" }));
    await call(
      sim,
      getItem(ids, {
        shape: "IdOnly",
        properties: ["item:MimeContent", "item:TextBody", "message:ReplyTo"],
      }),
    );
    await call(sim, getItem(ids, { bodyType: "Text" }));
    await call(sim, findItem(folderId("inbox", "pat@contoso.test")));
    await call(sim, findItem(folderId("inbox", "ceo@contoso.test")));
    await call(sim, findItem(folderId("inbox"), { shape: "IdOnly", properties: ["item:Body"] }));
    await call(sim, findItem(folderId("inbox")), { headers: [impersonating("ceo@contoso.test")] });
    await call(
      sim,
      x(
        "m:GetFolder",
        null,
        x("m:FolderShape", null, x("t:BaseShape", null, "AllProperties")),
        x(
          "m:FolderIds",
          null,
          ...[
            "root",
            "msgfolderroot",
            "inbox",
            "calendar",
            "contacts",
            "tasks",
            "notes",
            "archiveinbox",
          ].map((id) => folderId(id)),
        ),
      ),
    );
    await call(
      sim,
      x(
        "m:FindFolder",
        { Traversal: "Deep" },
        x("m:FolderShape", null, x("t:BaseShape", null, "AllProperties")),
        x("m:IndexedPageFolderView", {
          MaxEntriesReturned: 100,
          Offset: 0,
          BasePoint: "Beginning",
        }),
        x("m:ParentFolderIds", null, folderId("root")),
      ),
    );
    await call(
      sim,
      x(
        "m:CreateItem",
        { MessageDisposition: "SendAndSaveCopy" },
        x(
          "m:Items",
          null,
          x(
            "t:Message",
            null,
            x("t:Subject", null, "Control \u0001 chars and <markup>"),
            x("t:Body", { BodyType: "HTML" }, "<p>Hi</p>"),
            x(
              "t:ToRecipients",
              null,
              x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
            ),
          ),
        ),
      ),
    );
    await call(
      sim,
      x(
        "m:CreateItem",
        { MessageDisposition: "SaveOnly" },
        x("m:Items", null, x("t:Message", null, x("t:Subject", null, "Draft"))),
      ),
    );
    await call(
      sim,
      x(
        "m:GetUserOofSettingsRequest",
        null,
        x("t:Mailbox", null, x("t:Address", null, "alex@contoso.test")),
      ),
    );
    await call(
      sim,
      x(
        "m:GetUserOofSettingsRequest",
        null,
        x("t:Mailbox", null, x("t:Address", null, "ceo@contoso.test")),
      ),
    );
    await call(
      sim,
      x("m:ResolveNames", { ReturnFullContactData: "true" }, x("m:UnresolvedEntry", null, "a")),
    );
    await call(
      sim,
      x(
        "m:ResolveNames",
        { ReturnFullContactData: "true" },
        x("m:UnresolvedEntry", null, "nobody-here"),
      ),
    );
    await call(
      sim,
      x(
        "m:ConvertId",
        { DestinationFormat: "EntryId" },
        x(
          "m:SourceIds",
          null,
          x("t:AlternateId", { Format: "EwsId", Id: ids[0], Mailbox: "alex@contoso.test" }),
        ),
      ),
    );
    await post(sim, envelope(x("m:GetItem", null)).replace("</s:Body>", "<broken></s:Body>"));
    sim.failNext(1);
    await call(sim, findItem(folderId("inbox")));

    assert.ok(sim.exchanges.length >= 20);
    const validator = await createSchemaValidator();
    const results = await validator.validate(sim.exchanges.map((e) => e.response));
    const failures = results.flatMap((errors, i) =>
      errors.map((e) => `${sim.exchanges[i].operation}: ${e.message}`)
    );
    assert.deepEqual(failures, []);
  }, { record: true }));
