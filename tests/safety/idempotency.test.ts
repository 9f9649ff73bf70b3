/**
 * The idempotency guard (`sendOnce`) every sending tool goes through: which failures make a key
 * "uncertain", that a key is bound to its content and to its mailbox.
 */
import assert from "node:assert/strict";
import { EwsError } from "../../ews/errors.ts";
import { mayHaveBeenSent, sendOnce } from "../../tools/idempotency.ts";
import { startHarness } from "../support/harness.ts";

let n = 0;
const fresh = () => `key-${++n}-${crypto.randomUUID()}`;
const content = { to: ["pat@contoso.test"], subject: "s", body: "b" };

Deno.test("the guard trusts the transport's maybeDelivered flag, not error kinds or wording", () => {
  const maybe = new EwsError("HTTP 502", { kind: "server", status: 502, maybeDelivered: true });
  const refused = new EwsError("ECONNREFUSED", { kind: "network", maybeDelivered: false });
  const timeoutBeforeConnect = new EwsError("connect timeout", {
    kind: "timeout",
    maybeDelivered: false,
  });
  assert.equal(mayHaveBeenSent(maybe), true);
  assert.equal(mayHaveBeenSent(refused), false);
  assert.equal(mayHaveBeenSent(timeoutBeforeConnect), false);
});

for (const status of [502, 503, 504]) {
  Deno.test(`HTTP ${status} after the request left makes the key uncertain; a retry sends nothing`, async () => {
    const key = fresh();
    let sends = 0;
    const failing = () => {
      sends++;
      return Promise.reject(
        new EwsError(`HTTP ${status}`, { kind: "server", status, maybeDelivered: true }),
      );
    };
    const first = await sendOnce({ mailbox: "a@x.test", key, content }, failing).catch((e) => e);
    assert.match(first.message, /may have been sent/);
    assert.match(first.describe(), /Check Sent Items/);
    const retry = await sendOnce({ mailbox: "a@x.test", key, content }, failing).catch((e) => e);
    assert.match(retry.message, /may already have gone out/);
    assert.equal(sends, 1);
  });
}

Deno.test("a cut-off reply makes the key uncertain; a sure refusal leaves it free", async () => {
  const key = fresh();
  const cut = new EwsError("reply was cut off", { kind: "network", maybeDelivered: true });
  await assert.rejects(sendOnce({ mailbox: "a@x.test", key, content }, () => Promise.reject(cut)));
  await assert.rejects(
    sendOnce({ mailbox: "a@x.test", key, content }, () => Promise.resolve({ sent: true })),
    /may already have gone out/,
  );
  const other = fresh();
  const refused = new EwsError("ECONNREFUSED", { kind: "network", maybeDelivered: false });
  await assert.rejects(
    sendOnce({ mailbox: "a@x.test", key: other, content }, () => Promise.reject(refused)),
    (e: EwsError) => !/may have been sent/.test(e.message),
  );
  const ok = await sendOnce(
    { mailbox: "a@x.test", key: other, content },
    () => Promise.resolve({ sent: true }),
  );
  assert.deepEqual(ok, { sent: true, duplicate: false });
});

Deno.test("reusing a key with different content is a conflict, even while the first is in flight", async () => {
  const key = fresh();
  let release!: () => void;
  const slow = () => new Promise<{ sent: true }>((r) => (release = () => r({ sent: true })));
  const first = sendOnce({ mailbox: "a@x.test", key, content }, slow);
  await assert.rejects(
    sendOnce({ mailbox: "a@x.test", key, content: { ...content, subject: "other" } }, slow),
    (e: EwsError) => e.kind === "conflict" && /different message/.test(e.message),
  );
  release();
  assert.deepEqual(await first, { sent: true, duplicate: false });
  await assert.rejects(
    sendOnce(
      { mailbox: "a@x.test", key, content: { ...content, body: "changed" } },
      () => Promise.resolve({ sent: true as const }),
    ),
    (e: EwsError) => e.kind === "conflict" && /nothing was sent/.test(e.describe()),
  );
});

Deno.test("keys are per mailbox: the same key in another mailbox is another send", async () => {
  const key = fresh();
  let sends = 0;
  const send = () => Promise.resolve({ sent: true as const, n: ++sends });
  const a = await sendOnce({ mailbox: "alex@contoso.test", key, content }, send);
  const b = await sendOnce({ mailbox: "pat@contoso.test", key, content }, send);
  const again = await sendOnce({ mailbox: "ALEX@contoso.test", key, content }, send);
  assert.deepEqual([a.n, a.duplicate], [1, false]);
  assert.deepEqual([b.n, b.duplicate], [2, false]);
  assert.deepEqual([again.n, again.duplicate], [1, true], "addresses compare case-insensitively");
});

Deno.test("send_email: one key used in two mailboxes sends twice, once from each", async () => {
  const h = await startHarness();
  try {
    const args = {
      to: ["ceo@contoso.test"],
      subject: "per mailbox",
      body: "x",
      idempotency_key: "k1",
    };
    const own = await h.call("send_email", args);
    const pat = await h.call("send_email", { ...args, target_mailbox: "pat@contoso.test" });
    assert.equal(own.isError, false, own.text);
    assert.equal(pat.isError, false, pat.text);
    assert.deepEqual([own.data.duplicate, pat.data.duplicate], [false, false]);
    assert.equal(h.sim.stats.byOperation.CreateItem, 2);
    const changed = await h.call("send_email", { ...args, subject: "changed" });
    assert.equal(changed.isError, true);
    assert.match(changed.text, /already used for a different message/);
    assert.equal(h.sim.stats.byOperation.CreateItem, 2, "the conflict sent nothing");
  } finally {
    await h.close();
  }
});
