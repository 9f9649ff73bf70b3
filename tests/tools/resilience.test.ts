import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";

Deno.test("throttling: a read backs off as Exchange asks and then succeeds", async () => {
  const h = await startHarness();
  try {
    h.sim.failNext(1, { responseCode: "ErrorServerBusy", backOffMs: 30 });
    const result = await h.call("read_emails", { max_results: 2 });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.data.emails.length, 2);
    assert.ok(h.logs.some((l) => l.includes("backing off") && l.includes('"ms":30')));
  } finally {
    await h.close();
  }
});

Deno.test("throttling: a send is not retried, and says so plainly", async () => {
  const h = await startHarness();
  try {
    h.sim.failNext(1, { responseCode: "ErrorServerBusy", backOffMs: 30 });
    const result = await h.call("send_email", {
      to: ["pat@contoso.test"],
      subject: "x",
      body: "y",
    });
    assert.equal(result.isError, true);
    assert.match(result.text, /ErrorServerBusy/);
    assert.match(result.text, /try again/i);
    assert.equal(h.sim.stats.byOperation.CreateItem ?? 0, 1, "exactly one attempt");
  } finally {
    await h.close();
  }
});

Deno.test("an HTTP 503 from a proxy is a clear, retryable error", async () => {
  const h = await startHarness();
  try {
    h.sim.failNext(10, { status: 503 });
    const result = await h.call("get_oof_settings");
    assert.equal(result.isError, true);
    assert.match(result.text, /busy \(HTTP 503\)/);
  } finally {
    h.sim.clearFaults();
    await h.close();
  }
});

Deno.test("wrong credentials: every tool says to check them", async () => {
  const h = await startHarness({ env: { EWS_PASSWORD: "wrong" } });
  try {
    const result = await h.call("list_folders");
    assert.equal(result.isError, true);
    assert.match(result.text, /rejected the credentials \(HTTP 401\)/);
    assert.match(result.text, /EWS_PASSWORD/);
  } finally {
    await h.close();
  }
});

Deno.test("an internal server error on one request does not poison the next", async () => {
  const h = await startHarness();
  try {
    h.sim.failNext(1, { responseCode: "ErrorInternalServerError" });
    const failed = await h.call("get_oof_settings");
    assert.equal(failed.isError, true);
    assert.match(failed.text, /ErrorInternalServerError/);
    const ok = await h.call("get_oof_settings");
    assert.equal(ok.isError, false, ok.text);
  } finally {
    await h.close();
  }
});
