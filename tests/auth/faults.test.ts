/**
 * Faults survived: throttling in both of Exchange's forms, back-off capped, connection-count
 * and busy errors retried with jitter, a concurrency limit that queues instead of tripping
 * throttling, cancellation that aborts the EWS request, and credentials rotated mid-session
 * giving one clear error per call.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "../../sim/mod.ts";
import { startHarness } from "../support/harness.ts";

const alex = DEMO_ACCOUNTS[0];

Deno.test("ErrorServerBusy inside an HTTP 200 reply: a read waits as asked and succeeds", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    h.sim.failNext(1, { responseCode: "ErrorServerBusy", backOffMs: 20, form: "reply" });
    const read = await h.call("read_emails", { max_results: 1 });
    assert.equal(read.isError, false, read.text);
    assert.equal(h.sim.stats.byOperation.FindItem, 2, "one busy reply, one retry");
    assert.ok(h.logs.some((l) => /backing off.*"ms":20/.test(l)));
  } finally {
    await h.close();
  }
});

Deno.test("a back-off longer than EWS_MAX_BACKOFF is a clear error, not a long wait", async () => {
  const h = await startHarness({ env: { EWS_MAX_BACKOFF: "1" } });
  try {
    for (const form of ["fault", "reply"] as const) {
      h.sim.resetStats();
      h.sim.failNext(1, { responseCode: "ErrorServerBusy", backOffMs: 600_000, form });
      const result = await h.call("read_emails", { max_results: 1 });
      assert.equal(result.isError, true, form);
      assert.match(result.text, /asks to wait 600 s/);
      assert.match(result.text, /EWS_MAX_BACKOFF \(1 s\)/);
      assert.equal(h.sim.stats.byOperation.FindItem, 1, `${form}: no retry`);
    }
  } finally {
    await h.close();
  }
});

for (const code of ["ErrorExceededConnectionCount", "ErrorTooManyObjectsOpened"]) {
  Deno.test(`${code}: a read backs off (with jitter) and succeeds`, async () => {
    const h = await startHarness();
    try {
      h.sim.failNext(1, { responseCode: code });
      const result = await h.call("get_oof_settings");
      assert.equal(result.isError, false, result.text);
      assert.equal(h.sim.stats.byOperation.GetUserOofSettings, 2);
      assert.ok(h.logs.some((l) => l.includes("backing off") && l.includes(code)));
    } finally {
      await h.close();
    }
  });
}

for (const status of [503, 429]) {
  Deno.test(`HTTP ${status}: a read is retried; a send is not`, async () => {
    const h = await startHarness();
    try {
      h.sim.failNext(1, { status });
      const read = await h.call("get_oof_settings");
      assert.equal(read.isError, false, read.text);
      assert.equal(h.sim.stats.byOperation.GetUserOofSettings, 2);

      h.sim.failNext(1, { status });
      const sent = await h.call("send_email", {
        to: ["pat@contoso.test"],
        subject: "s",
        body: "b",
      });
      assert.equal(sent.isError, true);
      assert.equal(h.sim.stats.byOperation.CreateItem, 1, "exactly one attempt");
      const inbox = h.sim.organisation.requireMailbox("pat@contoso.test");
      assert.equal(inbox.itemsIn("inbox").filter((i) => i.subject === "s").length, 0);
    } finally {
      await h.close();
    }
  });
}

Deno.test("EWS_MAX_CONCURRENCY: parallel calls queue; no more connections than the limit", async () => {
  const h = await startHarness({ env: { EWS_MAX_CONCURRENCY: "2" }, sim: { latencyMs: 30 } });
  try {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.call("get_oof_settings")),
    );
    for (const r of results) assert.equal(r.isError, false, r.text);
    assert.equal(h.sim.stats.byOperation.GetUserOofSettings, 8);
    assert.ok(h.sim.stats.connections <= 2, `${h.sim.stats.connections} connections`);
  } finally {
    await h.close();
  }
});

Deno.test("cancellation: a cancelled call aborts its EWS request", async () => {
  const h = await startHarness({ sim: { latencyMs: 3_000 } });
  try {
    const controller = new AbortController();
    const call = h.client.callTool(
      { name: "get_oof_settings", arguments: {} },
      { signal: controller.signal },
    );
    while (h.sim.stats.requests === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(call);
    // The server side gives up on the request instead of waiting out the reply.
    // Either outcome ends the wait: the call failing as cancelled, or completing regardless.
    while (!h.logs.some((l) => /Tool (failed|call)/.test(l))) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(h.logs.some((l) => l.includes("Tool failed") && l.includes('"kind":"cancelled"')));
  } finally {
    await h.close();
  }
});

Deno.test("password changed mid-session: one clear 401 per call, no retry storm", async () => {
  const h = await startHarness();
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    h.sim.organisation.requireMailbox(alex.email).password = "Rotated-Pass-2";
    for (let i = 1; i <= 3; i++) {
      const result = await h.call("get_oof_settings");
      assert.equal(result.isError, true);
      assert.match(result.text, /rejected the credentials \(HTTP 401\)/);
      assert.equal(h.sim.stats.unauthorized, i, "one request per call");
    }
  } finally {
    await h.close();
  }
});

Deno.test("NTLM: password changed mid-session: each call tries one handshake, no more", async () => {
  const h = await startHarness({ env: { EWS_AUTH_TYPE: "ntlm" } });
  try {
    assert.equal((await h.call("get_oof_settings")).isError, false);
    h.sim.organisation.requireMailbox(alex.email).password = "Rotated-Pass-2";
    h.sim.auth.ntlm.forgetConnections();
    for (let i = 1; i <= 2; i++) {
      const before = h.sim.stats.unauthorized;
      const result = await h.call("get_oof_settings");
      assert.equal(result.isError, true);
      assert.match(result.text, /401/);
      // At most: the request on the forgotten connection, the CHALLENGE, the refusal.
      assert.ok(h.sim.stats.unauthorized - before <= 3);
      assert.equal(h.sim.auth.ntlm.refusals.length, i, "one AUTHENTICATE per call");
    }
  } finally {
    await h.close();
  }
});

Deno.test("illegal XML characters in a reply (as Exchange writes them) are dropped, not fatal", async () => {
  const h = await startHarness();
  try {
    h.sim.failNext(1, {
      rewrite: (reply) =>
        reply.replace(/<t:Subject>/g, "<t:Subject>&#x1;\u0007\uFFFE").replace(
          /<\/t:Subject>/g,
          "&#xD800;</t:Subject>",
        ),
    });
    const result = await h.call("read_emails", { max_results: 3 });
    assert.equal(result.isError, false, result.text);
    for (const email of result.data.emails) {
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(email.subject ?? "", /[\u0001\u0007\uFFFE\uD800]/);
    }
  } finally {
    await h.close();
  }
});

Deno.test("a truncated or malformed reply to a read is a clear error; the next call works", async () => {
  const h = await startHarness();
  try {
    for (
      const rewrite of [
        (r: string) => r.slice(0, r.length / 2),
        (r: string) => r.replace("</s:Body>", ""),
      ]
    ) {
      h.sim.failNext(1, { rewrite });
      const result = await h.call("read_emails", { max_results: 1 });
      assert.equal(result.isError, true);
      assert.match(result.text, /not valid XML/);
      assert.equal((await h.call("read_emails", { max_results: 1 })).isError, false);
    }
  } finally {
    await h.close();
  }
});

Deno.test("a send whose reply is cut off: reported as uncertain, never sent twice", async () => {
  const h = await startHarness();
  try {
    h.sim.injectFault(({ operation }) =>
      operation === "CreateItem" ? { rewrite: (r) => r.slice(0, 200) } : undefined
    );
    const args = {
      to: ["pat@contoso.test"],
      subject: "Quarterly numbers",
      body: "Attached soon.",
      idempotency_key: "q3-numbers-1",
    };
    const first = await h.call("send_email", args);
    assert.equal(first.isError, true);
    assert.match(first.text, /may have/i);
    h.sim.clearFaults();
    const retry = await h.call("send_email", args);
    const delivered = h.sim.organisation.requireMailbox("pat@contoso.test").itemsIn("inbox")
      .filter((m) => m.subject === "Quarterly numbers");
    assert.equal(delivered.length, 1, `exactly one copy delivered (retry said: ${retry.text})`);
    assert.equal(h.sim.stats.byOperation.CreateItem, 1, "the retry sent nothing");
  } finally {
    await h.close();
  }
});
