/** A 401 names only settings that exist, for the scheme in use. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { CREDENTIAL_SETTINGS, EwsError, unauthorizedHint } from "../../ews/errors.ts";
import { parseSoapReply } from "../../ews/soap/reply.ts";

const CONFIG_SOURCE = ["config.ts", "auth.ts"]
  .map((file) => readFileSync(new URL(`../../config/${file}`, import.meta.url), "utf8"))
  .join("\n");

function reject401(authType: string): EwsError {
  try {
    parseSoapReply("", 401, authType);
  } catch (error) {
    return error as EwsError;
  }
  throw new Error("a 401 must throw");
}

Deno.test("401 with Basic: the hint names EWS_USERNAME and EWS_PASSWORD, nothing else", () => {
  const error = reject401("basic");
  assert.equal(error.kind, "unauthorized");
  assert.match(error.describe(), /rejected the credentials \(HTTP 401\)/);
  assert.match(error.hint!, /EWS_USERNAME and EWS_PASSWORD \(EWS_AUTH_TYPE=basic\)/);
  assert.doesNotMatch(error.hint!, /OAuth|CLIENT|TENANT|SECRET/i);
});

Deno.test("every setting a 401 hint names is one the configuration reads", () => {
  for (const authType of Object.keys(CREDENTIAL_SETTINGS)) {
    const names = unauthorizedHint(authType).match(/\bEWS_[A-Z_]+/g) ?? [];
    assert.ok(names.length > 0, authType);
    for (const name of names) {
      assert.ok(CONFIG_SOURCE.includes(`"${name}"`), `${name} (hint for ${authType}) is not read`);
    }
  }
});

Deno.test("every scheme with a 401 hint is one the configuration accepts", () => {
  for (const authType of Object.keys(CREDENTIAL_SETTINGS)) {
    const env = {
      EWS_SERVER_URL: "mail.contoso.com",
      EWS_EMAIL: "alex@contoso.com",
      EWS_PASSWORD: "secret",
      EWS_AUTH_TYPE: authType,
    };
    // Other settings a scheme needs may be missing here; only the scheme itself must be accepted.
    const problems = (() => {
      try {
        loadConfig(env, parseCli([]));
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    assert.doesNotMatch(problems, /EWS_AUTH_TYPE/, authType);
  }
});

Deno.test("401 under a scheme without credential settings points at EWS_AUTH_TYPE", () => {
  assert.match(reject401("kerberos").hint!, /^Check EWS_AUTH_TYPE \(supported: basic/);
});
