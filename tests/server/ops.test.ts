/**
 * Operating the HTTP server: readiness, Prometheus metrics, request ids that reach Exchange,
 * JSON log lines, and a shutdown that finishes the calls in flight.
 */
import assert from "node:assert/strict";
import { createJsonLogger } from "../../server/logging.ts";
import { withRequest } from "../../server/context.ts";
import { call, INITIALIZE, startHttpHarness } from "./support.ts";

Deno.test("readyz: ready when Exchange answers the account, 503 when it refuses it", async () => {
  const good = await startHttpHarness();
  try {
    const response = await fetch(new URL("/readyz", good.url));
    assert.equal(response.status, 200);
    assert.equal((await response.json()).status, "ready");
    // Cached: a second probe within seconds costs Exchange nothing.
    const before = good.sim.stats.requests;
    await (await fetch(new URL("/readyz", good.url))).body?.cancel();
    assert.equal(good.sim.stats.requests, before);
    // Health endpoints answer whatever Host a probe uses.
    assert.equal((await fetch(new URL("/healthz", good.url))).status, 200);
  } finally {
    await good.close();
  }
  const bad = await startHttpHarness({ EWS_PASSWORD: "wrong" });
  try {
    const response = await fetch(new URL("/readyz", bad.url));
    assert.equal(response.status, 503);
    assert.match((await response.json()).detail, /credential|password|401|auth/i);
  } finally {
    await bad.close();
  }
});

Deno.test("metrics: tool calls by tool and outcome, Exchange latency, cache hits", async () => {
  const h = await startHttpHarness({ EWS_DENIED_MAILBOXES: "ceo@contoso.test" });
  try {
    await h.post(call("get_oof_settings", { target_mailbox: "sales@contoso.test" }));
    await h.post(call("get_oof_settings", { target_mailbox: "sales@contoso.test" }));
    await h.post(call("get_oof_settings", { target_mailbox: "ceo@contoso.test" }));
    const text = await (await fetch(new URL("/metrics", h.url))).text();
    assert.match(text, /ews_mcp_tool_calls_total\{tool="get_oof_settings",outcome="success"\} 2/);
    assert.match(text, /ews_mcp_tool_calls_total\{tool="get_oof_settings",outcome="denied"\} 1/);
    assert.match(text, /ews_mcp_mailbox_context_cache_total\{result="miss"\} 1/);
    assert.match(text, /ews_mcp_mailbox_context_cache_total\{result="hit"\} 1/);
    assert.match(
      text,
      /ews_mcp_exchange_request_duration_seconds_count\{operation="GetUserOofSettingsRequest"\} 2/,
    );
    assert.match(text, /le="\+Inf"/);
  } finally {
    await h.close();
  }
});

Deno.test("metrics: throttling and retries are counted", async () => {
  const h = await startHttpHarness();
  try {
    h.sim.failNext(1); // ErrorServerBusy once; the read backs off and retries
    const reply = await h.post(call("list_folders"));
    assert.equal(reply.body.result.isError ?? false, false);
    const text = await (await fetch(new URL("/metrics", h.url))).text();
    assert.match(text, /ews_mcp_exchange_throttled_total 1/);
    assert.match(text, /ews_mcp_exchange_retries_total 1/);
  } finally {
    await h.close();
  }
});

Deno.test("request id: answered as X-Request-Id and sent to Exchange as client-request-id", async () => {
  const h = await startHttpHarness();
  try {
    const reply = await h.post(call("read_emails", { max_results: 1 }));
    const id = reply.headers.get("x-request-id");
    assert.match(id ?? "", /^[0-9a-f-]{36}$/);
    assert.ok(h.ewsHeaders.length > 0);
    for (const headers of h.ewsHeaders) assert.equal(headers.get("client-request-id"), id);
  } finally {
    await h.close();
  }
});

Deno.test("json logs: one object per line, with the request id and caller", () => {
  const lines: string[] = [];
  const logger = createJsonLogger("INFO", (line) => lines.push(line));
  withRequest(
    { requestId: "r-1", caller: "team-a" },
    () => logger.info("Tool failed", { tool: "x" }),
  );
  logger.debug("hidden");
  assert.equal(lines.length, 1);
  const entry = JSON.parse(lines[0]);
  assert.equal(entry.level, "INFO");
  assert.equal(entry.msg, "Tool failed");
  assert.equal(entry.requestId, "r-1");
  assert.equal(entry.caller, "team-a");
  assert.equal(entry.tool, "x");
});

Deno.test("shutdown: calls in flight finish; new calls and readiness are refused meanwhile", async () => {
  const h = await startHttpHarness();
  let closed = false;
  try {
    assert.equal((await h.post(INITIALIZE)).status, 200);
    const release = h.holdEws();
    const inFlight = h.post(call("read_emails", { max_results: 1 }));
    while (h.ewsHeaders.length === 0) await new Promise((r) => setTimeout(r, 10));
    const closing = h.server.close(20_000);
    closed = true;
    const refused = await fetch(h.url, { method: "POST" }).then((r) => r.status, () => 0);
    assert.ok(refused === 503 || refused === 0, `new work refused (got ${refused})`);
    release();
    const reply = await inFlight;
    assert.equal(reply.status, 200);
    assert.equal(reply.body.result.isError ?? false, false);
    await closing;
  } finally {
    if (!closed) await h.server.close(0);
    await h.close().catch(() => {});
  }
});
