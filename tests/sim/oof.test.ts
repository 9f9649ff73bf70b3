import assert from "node:assert/strict";
import { find, x } from "../../ews/xml/mod.ts";
import { call, impersonating, responseCode, withSimulator } from "./helpers.ts";

const getOof = (address: string) =>
  x("m:GetUserOofSettingsRequest", null, x("t:Mailbox", null, x("t:Address", null, address)));

Deno.test("GetUserOofSettings reads the automatic replies of the mailbox", () =>
  withSimulator(async (sim) => {
    const reply = await call(sim, getOof("sales@contoso.test"), {
      headers: [impersonating("sales@contoso.test")],
    });
    assert.equal(reply.body.name, "GetUserOofSettingsResponse");
    assert.equal(find(reply.body, "m:ResponseMessage")?.attrs.ResponseClass, "Success");
    const settings = find(reply.body, "t:OofSettings")!;
    assert.equal(find(settings, "t:OofState")?.text, "Scheduled");
    assert.equal(find(settings, "t:ExternalAudience")?.text, "All");
    assert.equal(find(settings, "t:Duration/t:StartTime")?.text, "2025-06-01T09:00:00Z");
    assert.match(find(settings, "t:InternalReply/t:Message")?.text ?? "", /trade fair/);
    assert.equal(find(reply.body, "m:AllowExternalOof")?.text, "All");
  }));

Deno.test("SetUserOofSettings changes the settings; invalid schedules and other mailboxes fail", () =>
  withSimulator(async (sim) => {
    const set = (address: string, state: string, duration?: [string, string]) =>
      x(
        "m:SetUserOofSettingsRequest",
        null,
        x("t:Mailbox", null, x("t:Address", null, address)),
        x(
          "t:UserOofSettings",
          null,
          x("t:OofState", null, state),
          x("t:ExternalAudience", null, "Known"),
          duration &&
            x(
              "t:Duration",
              null,
              x("t:StartTime", null, duration[0]),
              x("t:EndTime", null, duration[1]),
            ),
          x("t:InternalReply", null, x("t:Message", null, "Back on Monday")),
          x("t:ExternalReply", null, x("t:Message", null, "I am away")),
        ),
      );
    const ok = await call(
      sim,
      set("alex@contoso.test", "Scheduled", ["2025-07-01T00:00:00Z", "2025-07-08T00:00:00Z"]),
    );
    assert.equal(responseCode(find(ok.body, "m:ResponseMessage")!), "NoError");
    const after = await call(sim, getOof("alex@contoso.test"));
    assert.equal(find(after.body, "t:OofSettings/t:OofState")?.text, "Scheduled");
    assert.equal(find(after.body, "t:OofSettings/t:ExternalAudience")?.text, "Known");
    assert.equal(
      find(after.body, "t:OofSettings/t:Duration/t:EndTime")?.text,
      "2025-07-08T00:00:00Z",
    );
    assert.equal(find(after.body, "t:OofSettings/t:ExternalReply/t:Message")?.text, "I am away");

    const backwards = await call(
      sim,
      set("alex@contoso.test", "Scheduled", ["2025-07-08T00:00:00Z", "2025-07-01T00:00:00Z"]),
    );
    assert.equal(
      responseCode(find(backwards.body, "m:ResponseMessage")!),
      "ErrorInvalidScheduledOofDuration",
    );

    const other = await call(sim, set("ceo@contoso.test", "Enabled"));
    const message = find(other.body, "m:ResponseMessage")!;
    assert.equal(message.attrs.ResponseClass, "Error");
    assert.equal(responseCode(message), "ErrorAccessDenied");
    assert.equal(sim.organisation.requireMailbox("ceo@contoso.test").oof.state, "Disabled");
  }));
