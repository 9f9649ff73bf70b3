/**
 * Bad input and a broken server: mailbox addresses with invisible characters are refused with a
 * clear message before anything is sent (IDN domains are fine), and a folder tree whose parents
 * form a cycle is listed once and reported instead of recursing until the stack overflows.
 */
import assert from "node:assert/strict";
import type { EwsClient } from "../../ews/client.ts";
import { EwsError } from "../../ews/errors.ts";
import { normaliseMailboxAddress } from "../../ews/mailbox/address.ts";
import { primaryContext } from "../../ews/mailbox/context.ts";
import { parseSoapReply } from "../../ews/soap/reply.ts";
import type { XmlElement } from "../../ews/xml/mod.ts";
import { listFoldersTool } from "../../tools/folders/list_folders.ts";
import { startHarness } from "../support/harness.ts";

Deno.test("addresses: control and zero-width characters are refused, saying which and where", () => {
  for (
    const [input, code] of [
      ["pat\u200B@contoso.test", "U+200B"],
      ["pat@contoso.test\u0000", "U+0000"],
      ["pat@con\u202Etoso.test", "U+202E"],
      ["pat\r\nX-Evil: 1@contoso.test", "U+000D"],
      ["p\uD800at@contoso.test", "U+D800"],
      ["\uFEFFpat@contoso.test", "U+FEFF"],
    ]
  ) {
    assert.throws(
      () => normaliseMailboxAddress(input),
      (e: unknown) =>
        e instanceof EwsError && e.kind === "invalid_input" && e.message.includes(code),
      JSON.stringify(input),
    );
  }
});

Deno.test("addresses: malformed ones are refused, IDN domains become their ASCII form", () => {
  for (
    const bad of ["pat", "@contoso.test", "pat@", "pat@contoso", "a b@contoso.test", "<pat@x.y>"]
  ) {
    assert.throws(() => normaliseMailboxAddress(bad), EwsError, bad);
  }
  assert.equal(normaliseMailboxAddress("pat@bücher.example"), "pat@xn--bcher-kva.example");
  assert.equal(normaliseMailboxAddress(" Pat.Lee+x@Contoso.Test "), "Pat.Lee+x@contoso.test");
});

Deno.test("target_mailbox with a zero-width space: a clear refusal, nothing sent", async () => {
  const h = await startHarness();
  try {
    const result = await h.call("read_emails", { target_mailbox: "pat\u200B@contoso.test" });
    assert.equal(result.isError, true);
    assert.match(result.text, /invisible or control character U\+200B at position 4/);
    assert.equal(h.sim.stats.requests, 0);
  } finally {
    await h.close();
  }
});

Deno.test("target_mailbox with an IDN domain reaches Exchange in ASCII form", async () => {
  const h = await startHarness({ record: true });
  try {
    const result = await h.call("read_emails", { target_mailbox: "pat@bücher.example" });
    assert.equal(result.isError, true); // no such mailbox in the demo organisation
    assert.match(result.text, /Mailbox not found: pat@xn--bcher-kva\.example/);
    assert.ok(h.sim.exchanges.every((e) => !/bücher/.test(e.request)));
  } finally {
    await h.close();
  }
});

/** A fake EWS client answering GetFolder and FindFolder with folders whose parents loop. */
function cyclicServer(): EwsClient {
  const ns = 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" ' +
    'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';
  const folder = (id: string, parent: string, name: string) =>
    `<t:Folder><t:FolderId Id="${id}"/><t:ParentFolderId Id="${parent}"/>` +
    `<t:DisplayName>${name}</t:DisplayName><t:TotalCount>0</t:TotalCount></t:Folder>`;
  const envelope = (body: string) => `<s:Envelope ${ns}><s:Body>${body}</s:Body></s:Envelope>`;
  const fake = {
    call(operation: XmlElement) {
      if (operation.name === "m:FindFolder") {
        return Promise.resolve(parseSoapReply(
          envelope(
            `<m:FindFolderResponse><m:ResponseMessages><m:FindFolderResponseMessage ResponseClass="Success">` +
              `<m:ResponseCode>NoError</m:ResponseCode><m:RootFolder TotalItemsInView="4" IncludesLastItemInRange="true"><t:Folders>` +
              folder("inbox", "root", "Inbox") + folder("a", "b", "Loop A") +
              folder("b", "c", "Loop B") + folder("c", "a", "Loop C") +
              `</t:Folders></m:RootFolder></m:FindFolderResponseMessage></m:ResponseMessages></m:FindFolderResponse>`,
          ),
          200,
        ));
      }
      const ids =
        (operation.children.find((c) => (c as XmlElement).name === "m:FolderIds") as XmlElement)
          .children.length;
      const messages = Array.from(
        { length: ids },
        (_, i) =>
          `<m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>` +
          `<m:Folders>${
            i === 0 ? folder("root", "", "Top of Information Store") : folder("wk" + i, "root", "x")
          }</m:Folders>` +
          `</m:GetFolderResponseMessage>`,
      ).join("");
      return Promise.resolve(parseSoapReply(
        envelope(
          `<m:GetFolderResponse><m:ResponseMessages>${messages}</m:ResponseMessages></m:GetFolderResponse>`,
        ),
        200,
      ));
    },
  };
  return fake as unknown as EwsClient;
}

Deno.test("a folder tree with a parent cycle is listed once and reported, not recursed", async () => {
  const result = await listFoldersTool.handler(
    { parent_folder: "msgfolderroot", mail_only: false } as never,
    { client: cyclicServer(), mailbox: primaryContext("alex@contoso.test") },
  ) as { folders: { name: string }[]; note?: string };
  assert.deepEqual(result.folders.map((f) => f.name).sort(), [
    "Inbox",
    "Loop A",
    "Loop B",
    "Loop C",
  ]);
  assert.match(result.note ?? "", /parent cycle among 3 folders/);
});

Deno.test("set_oof_settings returns what Exchange holds and says when it altered a text", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const set = await h.call("set_oof_settings", {
      state: "enabled",
      internal_reply: "Away\u0007 until Monday\u0000",
      external_reply: "Away.",
    });
    assert.equal(set.isError, false, set.text);
    const read = await h.call("get_oof_settings");
    assert.equal(
      set.data.internal_reply,
      read.data.internal_reply,
      "the stored text, not the sent one",
    );
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(set.data.internal_reply, /[\u0000\u0007]/);
    assert.match(set.data.note, /internal_reply differently from what was sent/);
    assert.equal(h.sim.stats.byOperation.SetUserOofSettings, 1);
    assert.equal(h.sim.stats.byOperation.GetUserOofSettings, 3, "current, stored, then our read");

    const plain = await h.call("set_oof_settings", { state: "disabled" });
    assert.equal(plain.data.note, undefined, "nothing altered, nothing said");
  } finally {
    await h.close();
  }
});
