import assert from "node:assert/strict";
import { find } from "../../ews/xml/mod.ts";
import {
  ALEX,
  basic,
  call,
  envelope,
  findItem,
  folderId,
  getItem,
  impersonating,
  itemIds,
  messages,
  PAT,
  responseCode,
  subjects,
  withSimulator,
} from "./helpers.ts";

const ERRORS_NS = "http://schemas.microsoft.com/exchange/services/2006/errors";

Deno.test("Basic auth: missing or wrong credentials get 401 with a Basic challenge", () =>
  withSimulator(async (sim) => {
    const request = envelope(findItem(folderId("inbox")));
    const anonymous = await fetch(sim.url, { method: "POST", body: request });
    await anonymous.body?.cancel();
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /(^|, )Basic realm="/);

    const wrong = await fetch(sim.url, {
      method: "POST",
      body: request,
      headers: { Authorization: basic("alex@contoso.test", "nope") },
    });
    await wrong.body?.cancel();
    assert.equal(wrong.status, 401);
    assert.equal(sim.stats.unauthorized, 2);
  }));

Deno.test("Basic auth accepts the SMTP address, DOMAIN\\user and the bare user name", () =>
  withSimulator(async (sim) => {
    for (const user of ["alex@contoso.test", "CONTOSO\\alex", "alex", "ALEX@Contoso.Test"]) {
      const reply = await call(sim, findItem(folderId("inbox")), {
        as: { user, password: ALEX.password },
      });
      assert.equal(reply.status, 200, user);
    }
  }));

Deno.test("Impersonation of a mailbox the account holds ApplicationImpersonation over", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")), {
      headers: [impersonating("pat@contoso.test")],
    });
    assert.equal(reply.status, 200);
    assert.equal(subjects(messages(reply)[0])[0], "Client workshop feedback");
  }));

Deno.test("Impersonation without the right is a SOAP fault ErrorImpersonateUserDenied", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")), {
      headers: [impersonating("ceo@contoso.test")],
    });
    assert.equal(reply.status, 500);
    assert.equal(reply.body.name, "Fault");
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorImpersonateUserDenied");
    const detail = find(reply.body, "detail")!;
    const code = detail.children.find((c) => c.ns === ERRORS_NS && c.name === "ResponseCode");
    const message = detail.children.find((c) => c.ns === ERRORS_NS && c.name === "Message");
    assert.equal(code?.text, "ErrorImpersonateUserDenied");
    assert.equal(
      message?.text,
      "The account does not have permission to impersonate the requested user.",
    );
    assert.equal(find(reply.xml, "s:Header"), undefined, "faults carry no ServerVersionInfo");
  }));

Deno.test("Impersonating an unknown address is a SOAP fault ErrorNonExistentMailbox", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, findItem(folderId("inbox")), {
      headers: [impersonating("nobody@contoso.test")],
    });
    assert.equal(reply.status, 500);
    assert.equal(find(reply.body, "faultcode")?.text, "a:ErrorNonExistentMailbox");
  }));

Deno.test("Delegate access: another mailbox's folder opens only where delegation was granted", () =>
  withSimulator(async (sim) => {
    const allowed = messages(await call(sim, findItem(folderId("inbox", "pat@contoso.test"))))[0];
    assert.equal(responseCode(allowed), "NoError");
    assert.equal(subjects(allowed)[0], "Client workshop feedback");

    const denied = messages(await call(sim, findItem(folderId("inbox", "ceo@contoso.test"))))[0];
    assert.equal(denied.attrs.ResponseClass, "Error");
    assert.equal(responseCode(denied), "ErrorAccessDenied");

    const unknown = messages(await call(sim, findItem(folderId("inbox", "ghost@contoso.test"))))[0];
    assert.equal(responseCode(unknown), "ErrorNonExistentMailbox");

    // Own mailbox named explicitly is always fine.
    const own = messages(await call(sim, findItem(folderId("inbox", "alex@contoso.test"))))[0];
    assert.equal(responseCode(own), "NoError");
  }));

Deno.test("Items fetched by id are checked against the same delegate permission", () =>
  withSimulator(async (sim) => {
    const alexIds = itemIds(
      messages(await call(sim, findItem(folderId("inbox"), { shape: "IdOnly" })))[0],
    );
    // pat never granted anything to alex's mailbox the other way round.
    const [denied] = messages(await call(sim, getItem([alexIds[0]]), { as: PAT }));
    assert.equal(responseCode(denied), "ErrorAccessDenied");

    const patIds = itemIds(
      messages(await call(sim, findItem(folderId("inbox", "pat@contoso.test"))))[0],
    );
    const [allowed] = messages(await call(sim, getItem([patIds[0]])));
    assert.equal(responseCode(allowed), "NoError");
  }));
