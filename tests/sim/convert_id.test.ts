/**
 * ConvertId as the id guard relies on it: one response message per id, the owner's SMTP address
 * in `Mailbox` whatever the request said, and per-id errors that leave the other ids alone.
 */
import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import { encodeId } from "../../sim/mod.ts";
import {
  call,
  findItem,
  folderId,
  impersonating,
  messages,
  responseCode,
  withSimulator,
} from "./helpers.ts";

const convert = (ids: { id: string; mailbox?: string }[]) =>
  x(
    "m:ConvertId",
    { DestinationFormat: "EwsId" },
    x(
      "m:SourceIds",
      null,
      ids.map(({ id, mailbox }) =>
        x("t:AlternateId", { Format: "EwsId", Id: id, Mailbox: mailbox ?? "alex@contoso.test" })
      ),
    ),
  );

Deno.test("ConvertId names each id's own mailbox and fails ids one by one", () =>
  withSimulator(async (sim) => {
    const [patInbox] = messages(
      await call(sim, findItem(folderId("inbox", "pat@contoso.test"), { shape: "IdOnly" })),
    );
    const patItem = find(patInbox, "m:RootFolder/t:Items/t:Message/t:ItemId")!.attrs.Id;
    const ceo = sim.organisation.mailbox("ceo@contoso.test")!;
    const ceoFolder = encodeId("folder", "ceo@contoso.test", ceo.folder("inbox")!.key);
    const gone = encodeId("item", "alex@contoso.test", "no-such-item");
    const reply = await call(
      sim,
      convert([
        { id: patItem }, // the request's Mailbox (alex) does not matter for an EwsId
        { id: gone },
        { id: ceoFolder },
        { id: "AAMkAGZhN2IxYTA0" },
        { id: "" },
        { id: patItem, mailbox: "not an address" },
      ]),
    );
    const answers = messages(reply).map((m) => ({
      code: responseCode(m),
      mailbox: find(m, "m:AlternateId")?.attrs.Mailbox,
    }));
    assert.deepEqual(answers, [
      { code: "NoError", mailbox: "pat@contoso.test" },
      { code: "NoError", mailbox: "alex@contoso.test" }, // converting only decodes the id
      { code: "ErrorAccessDenied", mailbox: undefined },
      { code: "ErrorInvalidIdMalformed", mailbox: undefined },
      { code: "ErrorInvalidIdEmpty", mailbox: undefined },
      { code: "ErrorInvalidSmtpAddress", mailbox: undefined },
    ]);
    assert.equal(messages(reply)[2].attrs.ResponseClass, "Error");
  }, { validateSchema: true }));

Deno.test("ConvertId runs with the impersonated user's rights", () =>
  withSimulator(async (sim) => {
    const [own] = messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })));
    const alexItem = find(own, "m:RootFolder/t:Items/t:Message/t:ItemId")!.attrs.Id;
    const asPat = await call(sim, convert([{ id: alexItem }]), {
      headers: [impersonating("pat@contoso.test")],
    });
    assert.equal(responseCode(messages(asPat)[0]), "ErrorAccessDenied");
    const asAlex = await call(sim, convert([{ id: alexItem }]));
    assert.equal(find(messages(asAlex)[0], "m:AlternateId")?.attrs.Mailbox, "alex@contoso.test");
  }, { validateSchema: true }));
