/**
 * Rules around sending that a permissive simulator used to let slip: a delegate sends on behalf
 * of the owner (From = owner, Sender = the delegate) and says so; audit lines name the access
 * type really used; idempotency keys are per mailbox; and a send whose outcome is unknown is
 * never repeated with the same key.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHarness } from "../support/harness.ts";

const readAudit = (file: string) =>
  readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

const auditFile = () => join(mkdtempSync(join(tmpdir(), "ews-mcp-audit-")), "audit.jsonl");

Deno.test("A delegate's send_email goes out on behalf of the owner, and the result says so", async () => {
  const h = await startHarness({
    validateSchema: true,
    record: true,
    env: { EWS_IMPERSONATION_TYPE: "delegate" },
  });
  try {
    const subject = `On behalf ${crypto.randomUUID()}`;
    const sent = await h.call("send_email", {
      target_mailbox: "pat@contoso.test",
      to: ["sales@contoso.test"],
      subject,
      body: "Sent by pat's assistant.",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.equal(sent.data.on_behalf_of, "pat@contoso.test");
    const create = h.sim.exchanges.find((e) => e.operation === "CreateItem")!;
    assert.match(
      create.request,
      /<t:From><t:Mailbox><t:EmailAddress>pat@contoso\.test</,
      "a delegate send names the owner in From",
    );
    const delivered = h.sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
      .find((m) => m.subject === subject)!;
    assert.equal(delivered.from?.emailAddress, "pat@contoso.test");
    assert.equal(delivered.sender?.emailAddress, "alex@contoso.test");
    // A delegate who may read the ceo's Inbox but holds no send right is refused, and nothing
    // goes out as the delegate instead.
    h.sim.organisation.permissions.grantFolder(
      "ceo@contoso.test",
      "inbox",
      "alex@contoso.test",
      "Reviewer",
    );
    const ceo = await h.call("send_email", {
      target_mailbox: "ceo@contoso.test",
      to: ["sales@contoso.test"],
      subject: `No right ${subject}`,
      body: "x",
    });
    assert.equal(ceo.isError, true);
    assert.match(ceo.text, /ErrorSendAsDenied/);
    assert.match(ceo.text, /Send As or Send on Behalf/);
    assert.ok(
      !h.sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
        .some((m) => m.subject === `No right ${subject}`),
    );
  } finally {
    await h.close();
  }
});

Deno.test("Own and impersonated sends carry no From: the mail is the mailbox's own", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const sent = await h.call("send_email", {
      target_mailbox: "pat@contoso.test",
      to: ["sales@contoso.test"],
      subject: "As pat",
      body: "x",
    });
    assert.equal(sent.isError, false, sent.text);
    assert.equal(sent.data.on_behalf_of, undefined);
    const create = h.sim.exchanges.find((e) => e.operation === "CreateItem")!;
    assert.doesNotMatch(create.request, /<t:From>/);
    const delivered = h.sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
      .find((m) => m.subject === "As pat")!;
    assert.equal(delivered.sender?.emailAddress, "pat@contoso.test");
  } finally {
    await h.close();
  }
});

Deno.test("Audit lines name the access type actually used: delegate, on success and failure", async () => {
  const audit = auditFile();
  const h = await startHarness({
    env: { EWS_IMPERSONATION_TYPE: "delegate", EWS_AUDIT_LOG: audit },
  });
  try {
    await h.call("read_emails", { target_mailbox: "pat@contoso.test" });
    await h.call("read_emails", { target_mailbox: "ceo@contoso.test" });
    assert.deepEqual(readAudit(audit).map((l) => [l.targetMailbox, l.access, l.outcome]), [
      ["pat@contoso.test", "delegate", "success"],
      ["ceo@contoso.test", "delegate", "error"],
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("Idempotency keys are per mailbox: one key in two mailboxes is two sends", async () => {
  const h = await startHarness();
  try {
    const args = {
      to: ["sales@contoso.test"],
      subject: `Per mailbox ${crypto.randomUUID()}`,
      body: "x",
      idempotency_key: "same-key",
    };
    const own = await h.call("send_email", args);
    const pat = await h.call("send_email", { ...args, target_mailbox: "pat@contoso.test" });
    const again = await h.call("send_email", { ...args, target_mailbox: "pat@contoso.test" });
    assert.deepEqual([own.data.duplicate, pat.data.duplicate, again.data.duplicate], [
      false,
      false,
      true,
    ]);
    const copies = h.sim.organisation.requireMailbox("sales@contoso.test").itemsIn("inbox")
      .filter((m) => m.subject === args.subject);
    assert.deepEqual(copies.map((m) => m.from?.emailAddress).sort(), [
      "alex@contoso.test",
      "pat@contoso.test",
    ]);
  } finally {
    await h.close();
  }
});

/**
 * A proxy in front of the simulator that lets one CreateItem reach it and then drops the
 * connection before the reply: the mail went out, the client cannot know.
 */
async function lossyProxy(): Promise<
  { server: Server; url: string; setTarget(url: string): void; dropNextSend(): void }
> {
  let target = "";
  let drop = false;
  const server = createServer(async (req, res) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) {
        headers[k] = v;
      }
    }
    const reply = await fetch(target, {
      method: req.method,
      headers,
      body: req.method === "POST" ? body : undefined,
    });
    const text = await reply.text();
    if (drop && body.includes("m:CreateItem")) {
      drop = false;
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, {
      "content-type": reply.headers.get("content-type") ?? "text/xml",
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${port}/EWS/Exchange.asmx`,
    setTarget: (url) => target = url,
    dropNextSend: () => drop = true,
  };
}

Deno.test("After an ambiguous failure, the same key is never resent: refused until Sent Items shows the copy, then a duplicate", async () => {
  const proxy = await lossyProxy();
  const h = await startHarness({ env: { EWS_SERVER_URL: proxy.url } });
  try {
    proxy.setTarget(h.sim.url);
    const args = {
      to: ["sales@contoso.test"],
      subject: `Ambiguous ${crypto.randomUUID()}`,
      body: "x",
      idempotency_key: "maybe-sent",
    };
    proxy.dropNextSend();
    const first = await h.call("send_email", args);
    assert.equal(first.isError, true, "the reply was lost");
    const sales = h.sim.organisation.requireMailbox("sales@contoso.test");
    const copies = () => sales.itemsIn("inbox").filter((m) => m.subject === args.subject).length;
    assert.equal(copies(), 1, "yet the mail went out");

    // While the copy is not (yet) in Sent Items, nothing settles the doubt: refused.
    const alex = h.sim.organisation.requireMailbox("alex@contoso.test");
    const filed = alex.itemsIn("sentitems").find((m) => m.subject === args.subject)!;
    alex.items.delete(filed.key);
    const retry = await h.call("send_email", args);
    assert.equal(retry.isError, true);
    assert.match(retry.text, /may already have gone out/);
    assert.match(retry.text, /Check Sent Items/);
    assert.equal(h.sim.stats.byOperation.CreateItem, 1, "not sent again");
    assert.equal(copies(), 1);
    // Once the marked copy is there, the retry is answered as a duplicate.
    alex.items.set(filed.key, filed);
    const settled = await h.call("send_email", args);
    assert.equal(settled.isError, false, settled.text);
    assert.equal(settled.data.duplicate, true);
    assert.equal(h.sim.stats.byOperation.CreateItem, 1, "still not sent again");

    const fresh = await h.call("send_email", { ...args, idempotency_key: "new-key" });
    assert.equal(fresh.isError, false, "a new key sends");
    assert.equal(copies(), 2);
  } finally {
    await h.close();
    await new Promise((resolve) => proxy.server.close(resolve));
  }
});
