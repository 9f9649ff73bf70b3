import assert from "node:assert/strict";
import { find, findAll, x } from "../../ews/xml/mod.ts";
import {
  call,
  findItem,
  folderId,
  getItem,
  itemIds,
  messages,
  PAT,
  responseCode,
  subjects,
  withSimulator,
} from "./helpers.ts";

const INBOX_NEWEST_FIRST = [
  "Weekly infrastructure report",
  "Password expiry notice",
  "Re: Firewall change window",
  "Your invoice INV-20931 from Northwind Traders",
  "Lunch on Thursday?",
  "Server room access log",
  "Q3 budget planning",
  "Security advisory: update VPN clients",
  "New starter: laptop request",
  "Sales kickoff agenda",
  "Printer on floor 2 jammed again",
  "Licence renewal reminder",
];

Deno.test("FindItem lists a folder newest first by default", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")));
    assert.equal(reply.status, 200);
    const [message] = messages(reply);
    assert.equal(message.attrs.ResponseClass, "Success");
    assert.equal(responseCode(message), "NoError");
    assert.deepEqual(subjects(message), INBOX_NEWEST_FIRST);
    const root = find(message, "m:RootFolder")!;
    assert.equal(root.attrs.TotalItemsInView, "12");
    assert.equal(root.attrs.IncludesLastItemInRange, "true");
  }));

Deno.test("FindItem pages with IndexedPageItemView from the beginning and from the end", () =>
  withSimulator(async (sim) => {
    const page = (offset: number, basePoint = "Beginning") =>
      call(
        sim,
        findItem(folderId("inbox"), {
          shape: "IdOnly",
          properties: ["item:Subject"],
          view: x("m:IndexedPageItemView", {
            MaxEntriesReturned: 5,
            Offset: offset,
            BasePoint: basePoint,
          }),
        }),
      ).then((r) => messages(r)[0]);

    const first = await page(0);
    assert.deepEqual(subjects(first), INBOX_NEWEST_FIRST.slice(0, 5));
    assert.deepEqual(find(first, "m:RootFolder")!.attrs, {
      IndexedPagingOffset: "5",
      TotalItemsInView: "12",
      IncludesLastItemInRange: "false",
    });
    const last = await page(10);
    assert.deepEqual(subjects(last), INBOX_NEWEST_FIRST.slice(10));
    assert.equal(find(last, "m:RootFolder")!.attrs.IncludesLastItemInRange, "true");
    assert.equal(find(last, "m:RootFolder")!.attrs.IndexedPagingOffset, "12");

    const fromEnd = await page(0, "End");
    assert.deepEqual(subjects(fromEnd), INBOX_NEWEST_FIRST.slice(7));
    const beyond = await page(50);
    assert.deepEqual(subjects(beyond), []);
  }));

Deno.test("FindItem restricts to unread mail with IsEqualTo on message:IsRead", () =>
  withSimulator(async (sim) => {
    const unread = x(
      "t:IsEqualTo",
      null,
      x("t:FieldURI", { FieldURI: "message:IsRead" }),
      x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "false" })),
    );
    const [message] = messages(
      await call(sim, findItem(folderId("inbox"), { restriction: unread })),
    );
    assert.deepEqual(subjects(message), [
      "Weekly infrastructure report",
      "Password expiry notice",
      "Your invoice INV-20931 from Northwind Traders",
      "Q3 budget planning",
      "New starter: laptop request",
      "Licence renewal reminder",
    ]);
    for (const m of findAll(find(message, "m:RootFolder/t:Items"), "t:Message")) {
      assert.equal(find(m, "t:IsRead")?.text, "false");
    }
  }));

Deno.test("FindItem combines Contains, Not, And and Or restrictions", () =>
  withSimulator(async (sim) => {
    const contains = (word: string) =>
      x(
        "t:Contains",
        { ContainmentMode: "Substring", ContainmentComparison: "IgnoreCase" },
        x("t:FieldURI", { FieldURI: "item:Subject" }),
        x("t:Constant", { Value: word }),
      );
    const isRead = x(
      "t:IsEqualTo",
      null,
      x("t:FieldURI", { FieldURI: "message:IsRead" }),
      x("t:FieldURIOrConstant", null, x("t:Constant", { Value: "true" })),
    );
    const search = async (restriction: ReturnType<typeof x>) =>
      subjects(messages(await call(sim, findItem(folderId("inbox"), { restriction })))[0]);

    assert.deepEqual(await search(contains("REPORT")), ["Weekly infrastructure report"]);
    assert.deepEqual(await search(x("t:Or", null, contains("printer"), contains("licence"))), [
      "Printer on floor 2 jammed again",
      "Licence renewal reminder",
    ]);
    assert.deepEqual(
      await search(x("t:And", null, contains("e"), x("t:Not", null, isRead), contains("q3"))),
      [
        "Q3 budget planning",
      ],
    );
  }));

Deno.test("FindItem sorts by SortOrder on item:DateTimeReceived ascending", () =>
  withSimulator(async (sim) => {
    const sort = x(
      "t:FieldOrder",
      { Order: "Ascending" },
      x("t:FieldURI", { FieldURI: "item:DateTimeReceived" }),
    );
    const [message] = messages(await call(sim, findItem(folderId("inbox"), { sort })));
    assert.deepEqual(subjects(message), [...INBOX_NEWEST_FIRST].reverse());
  }));

Deno.test("FindItem shapes: IdOnly returns ids only and GetItem-only properties are refused", () =>
  withSimulator(async (sim) => {
    const [idOnly] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const first = find(idOnly, "m:RootFolder/t:Items")!.children[0];
    assert.deepEqual(first.children.map((c) => c.name), ["ItemId"]);

    const [refused] = messages(
      await call(sim, findItem(folderId("inbox"), { shape: "IdOnly", properties: ["item:Body"] })),
    );
    assert.equal(refused.attrs.ResponseClass, "Error");
    assert.equal(responseCode(refused), "ErrorInvalidPropertyRequest");
    assert.equal(find(refused, "m:MessageXml/t:FieldURI")?.attrs.FieldURI, "item:Body");

    // Properties of other item types are simply absent on messages, as in Exchange.
    const [lenient] = messages(
      await call(
        sim,
        findItem(folderId("inbox"), {
          shape: "IdOnly",
          properties: ["calendar:Start", "item:Subject"],
        }),
      ),
    );
    assert.equal(responseCode(lenient), "NoError");
    assert.equal(subjects(lenient)[0], "Weekly infrastructure report");
  }));

Deno.test("GetItem answers a mixed batch with one response message per id", () =>
  withSimulator(async (sim) => {
    const ids = itemIds(
      messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })))[0],
    );
    const unknown = btoa("EwsSim1|item|alex@contoso.test|i9999");
    const reply = await call(sim, getItem([ids[0], "not-an-id!", unknown, ids[3]]));
    const list = messages(reply);
    assert.deepEqual(list.map((m) => m.attrs.ResponseClass), [
      "Success",
      "Error",
      "Error",
      "Success",
    ]);
    assert.deepEqual(list.map(responseCode), [
      "NoError",
      "ErrorInvalidIdMalformed",
      "ErrorItemNotFound",
      "NoError",
    ]);
    assert.equal(find(list[1], "m:MessageText")?.text, "Id is malformed.");
    assert.equal(find(list[1], "m:DescriptiveLinkKey")?.text, "0");
    assert.deepEqual(subjects(list[0]), ["Weekly infrastructure report"]);
    const full = find(list[0], "m:Items/t:Message")!;
    assert.equal(find(full, "t:Body")?.attrs.BodyType, "HTML");
    assert.equal(find(full, "t:From/t:Mailbox/t:EmailAddress")?.text, "pat@contoso.test");
    assert.equal(find(full, "t:ToRecipients/t:Mailbox/t:EmailAddress")?.text, "alex@contoso.test");
    // Schema order: ItemId before Subject before Body before DateTimeReceived ... before IsRead.
    const order = full.children.map((c) => c.name);
    for (
      const [a, b] of [["ItemId", "Subject"], ["Subject", "Body"], ["Body", "DateTimeReceived"], [
        "HasAttachments",
        "From",
      ], ["From", "IsRead"]]
    ) {
      assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b}`);
    }
  }));

Deno.test("GetItem converts the body to the requested BodyType and lists attachments", () =>
  withSimulator(async (sim) => {
    const ids = itemIds(
      messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })))[0],
    );
    const [text] = messages(await call(sim, getItem([ids[0]], { bodyType: "Text" })));
    const body = find(text, "m:Items/t:Message/t:Body")!;
    assert.equal(body.attrs.BodyType, "Text");
    assert.match(body.text, /Patching: 42 of 44 servers done/);
    assert.doesNotMatch(body.text, /<li>/);

    const [invoice] = messages(await call(sim, getItem([ids[3]], { shape: "AllProperties" })));
    const message = find(invoice, "m:Items/t:Message")!;
    assert.equal(find(message, "t:HasAttachments")?.text, "true");
    assert.equal(find(message, "t:Attachments/t:FileAttachment/t:Name")?.text, "INV-20931.pdf");
  }));

Deno.test("CreateItem SendAndSaveCopy delivers to the recipient's Inbox and files the sent copy", () =>
  withSimulator(async (sim) => {
    const create = x(
      "m:CreateItem",
      { MessageDisposition: "SendAndSaveCopy" },
      x("m:SavedItemFolderId", null, folderId("sentitems")),
      x(
        "m:Items",
        null,
        x(
          "t:Message",
          null,
          x("t:Subject", null, "Budget <draft> & numbers"),
          x("t:Body", { BodyType: "Text" }, "See the sheet."),
          x(
            "t:ToRecipients",
            null,
            x("t:Mailbox", null, x("t:EmailAddress", null, "pat@contoso.test")),
            x("t:Mailbox", null, x("t:EmailAddress", null, "someone@external.example")),
          ),
        ),
      ),
    );
    const [created] = messages(await call(sim, create));
    assert.equal(responseCode(created), "NoError");
    assert.deepEqual(find(created, "m:Items")?.children, []);

    const patInbox = messages(await call(sim, findItem(folderId("inbox")), { as: PAT }))[0];
    assert.equal(subjects(patInbox)[0], "Budget <draft> & numbers");
    const delivered = find(patInbox, "m:RootFolder/t:Items")!.children[0];
    assert.equal(find(delivered, "t:IsRead")?.text, "false");
    assert.equal(find(delivered, "t:From/t:Mailbox/t:EmailAddress")?.text, "alex@contoso.test");

    const sent = messages(await call(sim, findItem(folderId("sentitems"))))[0];
    assert.equal(subjects(sent)[0], "Budget <draft> & numbers");
    assert.equal(sim.organisation.requireMailbox("pat@contoso.test").itemsIn("inbox").length, 6);
  }));

Deno.test("CreateItem SaveOnly stores a draft and returns its id; sending without recipients fails", () =>
  withSimulator(async (sim) => {
    const message = x("t:Message", null, x("t:Subject", null, "Unsent"));
    const [saved] = messages(
      await call(
        sim,
        x("m:CreateItem", { MessageDisposition: "SaveOnly" }, x("m:Items", null, message)),
      ),
    );
    assert.equal(responseCode(saved), "NoError");
    const [id] = itemIds(saved);
    const [fetched] = messages(await call(sim, getItem([id], { shape: "AllProperties" })));
    assert.equal(find(fetched, "m:Items/t:Message/t:IsDraft")?.text, "true");

    const [refused] = messages(
      await call(
        sim,
        x("m:CreateItem", { MessageDisposition: "SendOnly" }, x("m:Items", null, message)),
      ),
    );
    assert.equal(refused.attrs.ResponseClass, "Error");
    assert.equal(responseCode(refused), "ErrorInvalidRecipients");
  }));
