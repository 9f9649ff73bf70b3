import assert from "node:assert/strict";
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
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

const FIREWALL = "Re: Firewall change window";

async function inboxItem(sim: RunningSimulator, subject: string): Promise<string> {
  const [message] = messages(await call(sim, findItem(folderId("inbox"))));
  const index = subjects(message).indexOf(subject);
  assert.ok(index >= 0, subject);
  return itemIds(message)[index];
}

function respondTo(
  kind: string,
  id: string,
  disposition: string,
  extra: XmlNode[] = [],
): XmlNode {
  return x(
    "m:CreateItem",
    { MessageDisposition: disposition },
    disposition !== "SendOnly" &&
      x(
        "m:SavedItemFolderId",
        null,
        folderId(disposition === "SaveOnly" ? "drafts" : "sentitems"),
      ),
    x(
      "m:Items",
      null,
      x(
        `t:${kind}`,
        null,
        ...extra,
        x("t:ReferenceItemId", { Id: id }),
        x("t:NewBodyContent", { BodyType: "Text" }, "Thanks, noted."),
      ),
    ),
  );
}

const mailboxes = (item: XmlElement, path: string) =>
  findAll(item, `${path}/t:Mailbox/t:EmailAddress`).map((e) => e.text);

Deno.test("ReplyAllToItem saved as a draft answers everyone but me, quotes the original, keeps the thread", () =>
  withValidatedSimulator(async (sim) => {
    const id = await inboxItem(sim, FIREWALL);
    const [created] = messages(await call(sim, respondTo("ReplyAllToItem", id, "SaveOnly")));
    assert.equal(responseCode(created), "NoError");
    const draftId = itemIds(created)[0];
    const [got] = messages(
      await call(
        sim,
        getItem([draftId, id], {
          bodyType: "Text",
          properties: ["item:UniqueBody", "item:InReplyTo", "message:InternetMessageId"],
        }),
      ),
    );
    const draft = find(got, "m:Items/t:Message")!;
    assert.equal(find(draft, "t:Subject")?.text, "RE: Firewall change window");
    assert.deepEqual(mailboxes(draft, "t:ToRecipients"), ["ceo@contoso.test"]);
    assert.deepEqual(mailboxes(draft, "t:CcRecipients"), ["pat@contoso.test"]);
    assert.equal(find(draft, "t:IsDraft")?.text, "true");
    assert.match(
      find(draft, "t:Body")!.text,
      /^Thanks, noted\.[\s\S]*From: Morgan Lee[\s\S]*Approved/,
    );
    assert.equal(find(draft, "t:UniqueBody")?.text, "Thanks, noted.");
    const [original] = messages(
      await call(sim, getItem([id], { properties: ["message:InternetMessageId"] })),
    );
    assert.equal(
      find(draft, "t:InReplyTo")?.text,
      find(original, "m:Items/t:Message/t:InternetMessageId")?.text,
    );
  }));

Deno.test("ReplyToItem sent reaches the author; ForwardItem needs recipients and carries attachments", () =>
  withValidatedSimulator(async (sim) => {
    const id = await inboxItem(sim, FIREWALL);
    const [sent] = messages(await call(sim, respondTo("ReplyToItem", id, "SendAndSaveCopy")));
    assert.equal(responseCode(sent), "NoError");
    const [ceoInbox] = messages(
      await call(sim, findItem(folderId("inbox", "ceo@contoso.test")), {
        headers: [],
        as: { user: "ceo@contoso.test", password: "Demo-Pass-4" },
      }),
    );
    assert.equal(subjects(ceoInbox)[0], "RE: Firewall change window");

    const invoice = await inboxItem(sim, "Your invoice INV-20931 from Northwind Traders");
    const [noRecipients] = messages(await call(sim, respondTo("ForwardItem", invoice, "SendOnly")));
    assert.equal(responseCode(noRecipients), "ErrorInvalidRecipients");
    const to = x(
      "t:ToRecipients",
      null,
      x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
    );
    const [forwarded] = messages(
      await call(sim, respondTo("ForwardItem", invoice, "SendAndSaveCopy", [to])),
    );
    assert.equal(responseCode(forwarded), "NoError");
    const [patInbox] = messages(
      await call(sim, findItem(folderId("inbox", "pat@contoso.test"))),
    );
    assert.equal(subjects(patInbox)[0], "FW: Your invoice INV-20931 from Northwind Traders");
    const [patCopy] = messages(await call(sim, getItem([itemIds(patInbox)[0]])));
    assert.equal(find(patCopy, "m:Items/t:Message/t:HasAttachments")?.text, "true");
    const [badRef] = messages(await call(sim, respondTo("ReplyToItem", "bogus", "SaveOnly")));
    assert.equal(responseCode(badRef), "ErrorInvalidIdMalformed");
  }));

Deno.test("GetConversationItems returns the thread across folders", () =>
  withValidatedSimulator(async (sim) => {
    const id = await inboxItem(sim, FIREWALL);
    await call(sim, respondTo("ReplyToItem", id, "SendAndSaveCopy"));
    const [original] = messages(
      await call(sim, getItem([id], { shape: "IdOnly", properties: ["item:ConversationId"] })),
    );
    const conversationId = find(original, "m:Items/t:Message/t:ConversationId")!.attrs.Id;
    const request = x(
      "m:GetConversationItems",
      null,
      x(
        "m:ItemShape",
        null,
        x("t:BaseShape", null, "IdOnly"),
        x(
          "t:AdditionalProperties",
          null,
          x("t:FieldURI", { FieldURI: "item:Subject" }),
          x("t:FieldURI", { FieldURI: "item:ParentFolderId" }),
        ),
      ),
      x(
        "m:Conversations",
        null,
        x("t:Conversation", null, x("t:ConversationId", { Id: conversationId })),
        x("t:Conversation", null, x("t:ConversationId", { Id: "bogus" })),
      ),
    );
    const [found, bogus] = messages(await call(sim, request));
    assert.equal(responseCode(found), "NoError");
    assert.equal(responseCode(bogus), "ErrorInvalidIdMalformed");
    const nodes = findAll(found, "m:Conversation/t:ConversationNodes/t:ConversationNode");
    assert.equal(nodes.length, 2);
    assert.deepEqual(
      nodes.map((n) => find(n, "t:Items/t:Message/t:Subject")?.text),
      [FIREWALL, "RE: Firewall change window"],
    );
    assert.equal(
      find(nodes[1], "t:ParentInternetMessageId")?.text,
      find(nodes[0], "t:InternetMessageId")?.text,
    );
  }));

function sync(state?: string, max = 100): XmlNode {
  return x(
    "m:SyncFolderItems",
    null,
    x("m:ItemShape", null, x("t:BaseShape", null, "IdOnly")),
    x("m:SyncFolderId", null, folderId("inbox")),
    state !== undefined && x("m:SyncState", null, state),
    x("m:MaxChangesReturned", null, String(max)),
  );
}

const changeKinds = (message: XmlElement) =>
  (find(message, "m:Changes")?.children ?? []).map((c) => c.name);

Deno.test("SyncFolderItems reports creates, read-flag changes, updates and deletes since a state", () =>
  withValidatedSimulator(async (sim) => {
    const [first] = messages(await call(sim, sync(undefined, 5)));
    assert.equal(changeKinds(first).length, 5);
    assert.equal(find(first, "m:IncludesLastItemInRange")?.text, "false");
    const [rest] = messages(await call(sim, sync(find(first, "m:SyncState")!.text)));
    assert.deepEqual(changeKinds(rest), Array(7).fill("Create"));
    assert.equal(find(rest, "m:IncludesLastItemInRange")?.text, "true");
    let state = find(rest, "m:SyncState")!.text;
    const [quiet] = messages(await call(sim, sync(state)));
    assert.deepEqual(changeKinds(quiet), []);

    const [a, b, c] = itemIds(messages(await call(sim, findItem(folderId("inbox"))))[0]);
    const update = (id: string, uri: string, value: XmlNode) =>
      call(sim, updateItem(id, [setFieldChange(uri, value)]));
    await update(a, "message:IsRead", x("t:IsRead", null, "true"));
    await update(b, "item:Importance", x("t:Importance", null, "Low"));
    await call(
      sim,
      x(
        "m:DeleteItem",
        { DeleteType: "HardDelete" },
        x("m:ItemIds", null, x("t:ItemId", { Id: c })),
      ),
    );
    const [changes] = messages(await call(sim, sync(state)));
    assert.deepEqual(changeKinds(changes).sort(), ["Delete", "ReadFlagChange", "Update"]);
    assert.equal(find(changes, "m:Changes/t:ReadFlagChange/t:IsRead")?.text, "true");
    assert.equal(find(changes, "m:Changes/t:Delete/t:ItemId")?.attrs.Id, c);
    state = find(changes, "m:SyncState")!.text;
    assert.deepEqual(changeKinds(messages(await call(sim, sync(state)))[0]), []);

    const [garbage] = messages(await call(sim, sync("bm90IGEgc3RhdGU=")));
    assert.equal(responseCode(garbage), "ErrorInvalidSyncStateData");
  }));

Deno.test("QueryString: words, fields, has:attachment, received ranges, OR and NOT", () =>
  withValidatedSimulator(async (sim) => {
    const query = async (q: string) => {
      const request = findItem(folderId("inbox"), {
        shape: "IdOnly",
        properties: ["item:Subject"],
      });
      (request as { children: XmlNode[] }).children.push(x("m:QueryString", null, q));
      return subjects(messages(await call(sim, request))[0]);
    };
    assert.deepEqual(await query("subject:firewall"), [FIREWALL]);
    assert.deepEqual(await query("from:northwind"), [
      "Your invoice INV-20931 from Northwind Traders",
    ]);
    assert.ok(
      (await query("has:attachment")).includes("Your invoice INV-20931 from Northwind Traders"),
    );
    assert.ok(!(await query("has:attachment")).includes(FIREWALL));
    assert.deepEqual(await query("received>=2025-06-02"), [
      "Weekly infrastructure report",
      "Password expiry notice",
    ]);
    assert.deepEqual(await query("subject:firewall OR subject:password"), [
      "Password expiry notice",
      FIREWALL,
    ]);
    assert.ok(!(await query("NOT subject:firewall")).includes(FIREWALL));
    assert.deepEqual(await query('"keep the change log"'), [FIREWALL]);
  }));

Deno.test("FindItem refuses UniqueBody (GetItem only) and Deep traversal (not in the schema)", () =>
  withValidatedSimulator(async (sim) => {
    const [unique] = messages(
      await call(
        sim,
        findItem(folderId("inbox"), { shape: "IdOnly", properties: ["item:UniqueBody"] }),
      ),
    );
    assert.equal(responseCode(unique), "ErrorInvalidPropertyRequest");
    const deep = findItem(folderId("inbox"));
    (deep as { attrs: Record<string, string> }).attrs.Traversal = "Deep";
    // ItemQueryTraversalType has no Deep: Exchange fails the request before running it.
    const reply = await call(sim, deep);
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorSchemaValidation");
  }));

Deno.test("GetItem UniqueBody of a received reply is the text above the quote, in the type asked", () =>
  withValidatedSimulator(async (sim) => {
    const id = await inboxItem(sim, FIREWALL);
    await call(sim, respondTo("ReplyToItem", id, "SendOnly"));
    const [ceoInbox] = messages(
      await call(sim, findItem(folderId("inbox")), {
        as: { user: "ceo@contoso.test", password: "Demo-Pass-4" },
      }),
    );
    const [got] = messages(
      await call(
        sim,
        x(
          "m:GetItem",
          null,
          x(
            "m:ItemShape",
            null,
            x("t:BaseShape", null, "IdOnly"),
            x("t:BodyType", null, "Text"),
            x("t:UniqueBodyType", null, "HTML"),
            x(
              "t:AdditionalProperties",
              null,
              x("t:FieldURI", { FieldURI: "item:Body" }),
              x("t:FieldURI", { FieldURI: "item:UniqueBody" }),
            ),
          ),
          x("m:ItemIds", null, x("t:ItemId", { Id: itemIds(ceoInbox)[0] })),
        ),
        { as: { user: "ceo@contoso.test", password: "Demo-Pass-4" } },
      ),
    );
    const item = find(got, "m:Items/t:Message")!;
    assert.match(find(item, "t:Body")!.text, /Thanks, noted\.[\s\S]*Approved for Saturday/);
    const unique = find(item, "t:UniqueBody")!;
    assert.equal(unique.attrs.BodyType, "HTML");
    assert.match(unique.text, /Thanks, noted\./);
    assert.doesNotMatch(unique.text, /Approved/);
  }));
