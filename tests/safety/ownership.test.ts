/** The id guard on its own: what it finds in a request, when it asks Exchange, what it refuses. */
import assert from "node:assert/strict";
import { basicAuth } from "../../ews/auth/basic.ts";
import { EwsClient, type RequestTarget } from "../../ews/client.ts";
import { EwsError } from "../../ews/errors.ts";
import { delegateContext, distinguishedFolderId } from "../../ews/mailbox/context.ts";
import { explainMailboxError } from "../../ews/mailbox/errors.ts";
import { IdOwnership, type OwnerAnswer, requestReferences } from "../../ews/mailbox/ownership.ts";
import { NS, parseXml, x } from "../../ews/xml/mod.ts";
import { serveHttp } from "../../server/runtime.ts";

const alex: RequestTarget = { anchorMailbox: "alex@contoso.test" };
const pat: RequestTarget = { impersonate: "pat@contoso.test", anchorMailbox: "pat@contoso.test" };

/** A lookup answering from a table, counting calls. */
function lookupFrom(owners: Record<string, OwnerAnswer>) {
  const calls: { ids: string[]; as: string }[] = [];
  const lookup = (ids: string[], as: RequestTarget) => {
    calls.push({ ids, as: as.impersonate ?? as.anchorMailbox });
    return Promise.resolve(
      new Map(ids.map((id) => [id, owners[id] ?? { code: "ErrorAccessDenied" }])),
    );
  };
  return { lookup, calls };
}

Deno.test("every id form of the schema is found, wherever it sits in a request", () => {
  const refs = requestReferences(
    x(
      "m:Whatever",
      null,
      x("m:ItemIds", null, x("t:ItemId", { Id: "i1", ChangeKey: "ck" })),
      x("t:OccurrenceItemId", { RecurringMasterId: "i2", InstanceIndex: 1 }),
      x("t:RecurringMasterItemId", { OccurrenceId: "i3" }),
      x("m:AttachmentIds", null, x("t:AttachmentId", { Id: "a1", RootItemId: "i4" })),
      x("m:ParentItemId", { Id: "i5" }),
      x("m:ToFolderId", null, x("t:FolderId", { Id: "f1" })),
      x("t:ReferenceItemId", { Id: "i6" }),
      x("m:SavedItemFolderId", null, x("t:DistinguishedFolderId", { Id: "sentitems" })),
      x("t:ConversationId", { Id: "not-a-store-id" }),
    ),
  );
  assert.deepEqual(refs.ids, ["i1", "i2", "i3", "a1", "i4", "i5", "f1", "i6"]);
  assert.equal(refs.ownFolders, 1);
});

Deno.test("unknown ids cost one batched lookup; known ones none", async () => {
  const guard = new IdOwnership();
  const { lookup, calls } = lookupFrom({
    i1: { owner: "alex@contoso.test" },
    i2: { owner: "ALEX@contoso.test" },
  });
  const op = x("m:GetItem", null, x("t:ItemId", { Id: "i1" }), x("t:ItemId", { Id: "i2" }));
  await guard.verify(op, alex, lookup);
  await guard.verify(op, alex, lookup);
  assert.deepEqual(calls, [{ ids: ["i1", "i2"], as: "alex@contoso.test" }]);
});

Deno.test("ids learned from a reply are trusted without asking", async () => {
  const guard = new IdOwnership();
  guard.learn(
    parseXml(
      `<m:R xmlns:m="urn:m" xmlns:t="urn:t"><t:Items><t:Message><t:ItemId Id="r1"/>` +
        `<t:ParentFolderId Id="rf"/></t:Message></t:Items></m:R>`,
    ),
    "Pat@contoso.test",
  );
  const { lookup, calls } = lookupFrom({});
  await guard.verify(x("m:GetItem", null, x("t:ItemId", { Id: "r1" })), pat, lookup);
  await guard.verify(x("m:FindItem", null, x("t:FolderId", { Id: "rf" })), pat, lookup);
  assert.equal(calls.length, 0);
  await assert.rejects(
    guard.verify(x("m:GetItem", null, x("t:ItemId", { Id: "r1" })), alex, lookup),
    (e: EwsError) => e.kind === "wrong_mailbox" && e.idOwner === "pat@contoso.test",
  );
});

Deno.test("an id the target may not see is looked up once more as the service account, to name its owner", async () => {
  const guard = new IdOwnership();
  const calls: string[] = [];
  const lookup = (ids: string[], as: RequestTarget) => {
    calls.push(as.impersonate ?? as.anchorMailbox);
    const answer: OwnerAnswer = as.impersonate
      ? { code: "ErrorAccessDenied" }
      : { owner: "alex@contoso.test" };
    return Promise.resolve(new Map(ids.map((id) => [id, answer])));
  };
  const error = await guard.verify(
    x("m:GetItem", null, x("t:ItemId", { Id: "a" })),
    pat,
    lookup,
    alex,
  )
    .catch((e) => e);
  assert.equal(error.kind, "wrong_mailbox");
  assert.equal(error.idOwner, "alex@contoso.test");
  assert.deepEqual(calls, ["pat@contoso.test", "alex@contoso.test"]);
});

Deno.test("a malformed id belongs to no mailbox: it passes (Exchange refuses it per item), asked once", async () => {
  const guard = new IdOwnership();
  const { lookup, calls } = lookupFrom({ bad: { code: "ErrorInvalidIdMalformed" } });
  const request = x("m:GetItem", null, x("t:ItemId", { Id: "bad" }));
  await guard.verify(request, alex, lookup);
  await guard.verify(request, alex, lookup);
  assert.equal(calls.length, 1, "the verdict is remembered");
  assert.equal(guard.ownerOf("bad"), "", "no mailbox is recorded as its owner");
});

Deno.test("a distinguished folder must name the target; a delegate request may not omit it", async () => {
  const guard = new IdOwnership();
  const { lookup, calls } = lookupFrom({});
  const delegate = delegateContext("pat@contoso.test");
  await guard.verify(
    x("m:FindItem", null, distinguishedFolderId(delegate, "inbox")),
    delegate.target,
    lookup,
  );
  await assert.rejects(
    guard.verify(
      x("m:FindItem", null, x("t:DistinguishedFolderId", { Id: "inbox" })),
      delegate.target,
      lookup,
    ),
    (e: EwsError) => e.kind === "wrong_mailbox" && /service account's own folders/.test(e.message),
  );
  await assert.rejects(
    guard.verify(x("m:FindItem", null, distinguishedFolderId(delegate, "inbox")), alex, lookup),
    (e: EwsError) => e.kind === "wrong_mailbox" && e.idOwner === "pat@contoso.test",
  );
  await assert.rejects(
    guard.verify(
      x(
        "m:GetUserOofSettingsRequest",
        null,
        x("t:Mailbox", null, x("t:Address", null, "ceo@contoso.test")),
      ),
      alex,
      lookup,
    ),
    (e: EwsError) => e.kind === "wrong_mailbox",
  );
  assert.equal(calls.length, 0);
});

Deno.test("the owner cache is bounded", async () => {
  const guard = new IdOwnership({ maxEntries: 3 });
  const { lookup } = lookupFrom({});
  for (const id of ["a", "b", "c", "d", "e"]) {
    guard.learn(parseXml(`<r><ItemId Id="${id}"/></r>`), "x@y.z");
  }
  assert.equal(guard.size, 3);
  assert.equal(guard.ownerOf("a"), undefined);
  assert.equal(guard.ownerOf("e"), "x@y.z");
  await guard.verify(
    x("m:GetItem", null, x("t:ItemId", { Id: "e" })),
    { anchorMailbox: "x@y.z" },
    lookup,
  );
});

Deno.test("an item-level denial in a reachable mailbox is not reported as a missing role", () => {
  const denied = new EwsError("Access is denied.", {
    kind: "access_denied",
    responseCode: "ErrorAccessDenied",
  });
  const item = explainMailboxError(
    denied,
    "sales@contoso.test",
    "alex@contoso.test",
    "impersonation",
  ) as EwsError;
  assert.match(item.message, /denied access to an item or folder in mailbox sales@contoso\.test/);
  assert.doesNotMatch(item.describe(), /ApplicationImpersonation role/);
  assert.equal(item.mailbox, "sales@contoso.test");
  const role = explainMailboxError(
    new EwsError("no", { kind: "access_denied", responseCode: "ErrorImpersonateUserDenied" }),
    "sales@contoso.test",
    "alex@contoso.test",
    "impersonation",
  ) as EwsError;
  assert.match(role.describe(), /ApplicationImpersonation role/);
  const probe = explainMailboxError(denied, "pat@contoso.test", "alex@contoso.test", "delegate", {
    probe: true,
  }) as EwsError;
  assert.match(probe.message, /Access denied to mailbox: pat@contoso\.test/);
});

Deno.test("a server that only echoes ConvertId's Mailbox cannot vouch for an id", async () => {
  const seen: string[] = [];
  const server = await serveHttp(async (request) => {
    const body = await request.text();
    seen.push(/<s:Body><m:(\w+)/.exec(body)?.[1] ?? "");
    const mailbox = /Mailbox="([^"]+)"/.exec(body)?.[1] ?? "";
    return new Response(
      `<s:Envelope xmlns:s="${NS.soap}"><s:Body><m:ConvertIdResponse xmlns:m="${NS.messages}" ` +
        `xmlns:t="${NS.types}"><m:ResponseMessages><m:ConvertIdResponseMessage ` +
        `ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:AlternateId ` +
        `Format="EwsId" Id="x" Mailbox="${mailbox}"/></m:ConvertIdResponseMessage>` +
        `</m:ResponseMessages></m:ConvertIdResponse></s:Body></s:Envelope>`,
      { headers: { "Content-Type": "text/xml" } },
    );
  }, { hostname: "127.0.0.1", port: 0 });
  const client = new EwsClient({
    endpoint: new URL(`http://127.0.0.1:${server.port}/EWS/Exchange.asmx`),
    auth: basicAuth("a", "b"),
  });
  try {
    const error = await client.call(
      x("m:GetItem", null, x("m:ItemIds", null, x("t:ItemId", { Id: "someone-elses" }))),
      alex,
      { idempotent: true },
    ).catch((e) => e);
    assert.equal(error.kind, "wrong_mailbox");
    assert.match(error.message, /did not confirm/);
    assert.deepEqual(seen, ["ConvertId"], "the GetItem was never sent");
  } finally {
    client.close();
    await server.close();
  }
});
