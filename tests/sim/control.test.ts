import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import { createSimulatorHandler, demoOrganisation } from "../../sim/mod.ts";
import { ALEX, basic, call, envelope, findItem, folderId, withSimulator } from "./helpers.ts";

Deno.test("failNext makes the next requests fail with ErrorServerBusy and a back-off hint", () =>
  withSimulator(async (sim) => {
    sim.failNext(2, { backOffMs: 1500 });
    for (let i = 0; i < 2; i++) {
      const reply = await call(sim, findItem(folderId("inbox")));
      assert.equal(reply.status, 500);
      assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorServerBusy");
      const value = find(reply.body, "detail/t:MessageXml/t:Value")!;
      assert.deepEqual([value.attrs.Name, value.text], ["BackOffMilliseconds", "1500"]);
    }
    assert.equal((await call(sim, findItem(folderId("inbox")))).status, 200);
    assert.equal(sim.stats.faults, 2);
  }));

Deno.test("failNext with an HTTP status answers plain HTTP errors; hooks pick requests", () =>
  withSimulator(async (sim) => {
    sim.failNext(1, { status: 503 });
    const unavailable = await fetch(sim.url, {
      method: "POST",
      headers: { Authorization: basic(ALEX.user, ALEX.password) },
      body: envelope(findItem(folderId("inbox"))),
    });
    await unavailable.body?.cancel();
    assert.equal(unavailable.status, 503);

    sim.injectFault(({ operation }) =>
      operation === "GetFolder" ? { responseCode: "ErrorInternalServerError" } : undefined
    );
    assert.equal((await call(sim, findItem(folderId("inbox")))).status, 200);
    const getFolder = x(
      "m:GetFolder",
      null,
      x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
      x("m:FolderIds", null, folderId("inbox")),
    );
    const failed = await call(sim, getFolder);
    assert.equal(find(failed.body, "faultcode")?.text, "a:ErrorInternalServerError");
    sim.clearFaults();
    assert.equal((await call(sim, getFolder)).status, 200);
    assert.equal((await call(sim, findItem(folderId("inbox")))).status, 200);
  }));

Deno.test("stats count requests, operations and distinct connections", () =>
  withSimulator(async (sim) => {
    for (let i = 0; i < 3; i++) await call(sim, findItem(folderId("inbox")));
    assert.equal(sim.stats.requests, 3);
    assert.equal(sim.stats.byOperation.FindItem, 3);
    // fetch keeps the connection alive between sequential requests.
    assert.equal(sim.stats.connections, 1);
    sim.resetStats();
    assert.equal(sim.stats.requests, 0);
  }));

Deno.test("latencyMs delays every reply", () =>
  withSimulator(async (sim) => {
    const started = performance.now();
    await call(sim, findItem(folderId("inbox")));
    assert.ok(performance.now() - started >= 95);
  }, { latencyMs: 100 }));

Deno.test("createSimulatorHandler serves requests in-process without a socket", async () => {
  const handler = createSimulatorHandler(demoOrganisation(), { record: true });
  const response = await handler(
    new Request("http://sim.local/EWS/Exchange.asmx", {
      method: "POST",
      headers: { Authorization: basic(ALEX.user, ALEX.password) },
      body: envelope(findItem(folderId("inbox"))),
    }),
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/xml; charset=utf-8");
  assert.match(await response.text(), /FindItemResponseMessage ResponseClass="Success"/);
  assert.equal(handler.exchanges.length, 1);
  assert.equal(handler.exchanges[0].operation, "FindItem");
  assert.equal(handler.stats.connections, 0);
});
