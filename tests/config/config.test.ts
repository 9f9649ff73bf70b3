import assert from "node:assert/strict";
import { parseCli } from "../../config/cli.ts";
import { ConfigError, loadConfig, normalizeEwsUrl } from "../../config/config.ts";
import { parseDotenv } from "../../config/dotenv.ts";

const base = {
  EWS_SERVER_URL: "mail.contoso.com",
  EWS_EMAIL: "alex@contoso.com",
  EWS_PASSWORD: "secret",
};
const noFlags = parseCli([]);

Deno.test("EWS_SERVER_URL: a host, a base URL or the full URL all normalise", () => {
  const full = "https://mail.contoso.com/EWS/Exchange.asmx";
  for (
    const input of [
      "mail.contoso.com",
      "https://mail.contoso.com",
      "https://mail.contoso.com/",
      "https://mail.contoso.com/EWS",
      full,
      "https://mail.contoso.com/ews/exchange.asmx",
    ]
  ) {
    assert.equal(normalizeEwsUrl(input).href.toLowerCase(), full.toLowerCase(), input);
  }
  assert.equal(
    normalizeEwsUrl("http://127.0.0.1:8080").href,
    "http://127.0.0.1:8080/EWS/Exchange.asmx",
  );
});

Deno.test("defaults match the Python EWS MCP servers", () => {
  const config = loadConfig(base, noFlags);
  assert.equal(config.ews.username, "alex@contoso.com");
  assert.equal(config.ews.serverVersion, "Exchange2013_SP1");
  assert.equal(config.ews.timeoutMs, 120_000);
  assert.equal(config.impersonation.enabled, false);
  assert.equal(config.impersonation.type, "impersonation");
  assert.equal(config.mcp.transport, "stdio");
  assert.equal(config.mcp.host, "127.0.0.1");
  assert.equal(config.mcp.port, 8000);
  assert.equal(config.readOnly, false);
  // Every area may be served; the default toolset profile loads the everyday ones (issue 12).
  assert.deepEqual([...config.availableAreas].sort(), [
    "attachments",
    "calendar",
    "contacts",
    "email",
    "folders",
    "oof",
    "tasks",
  ]);
  assert.deepEqual([...config.enabledAreas].sort(), [
    "attachments",
    "calendar",
    "contacts",
    "email",
    "folders",
  ]);
});

Deno.test("flags win over the environment", () => {
  const config = loadConfig(
    { ...base, MCP_TRANSPORT: "stdio", MCP_PORT: "9000" },
    parseCli(["--transport", "http", "--port", "9100", "--host", "0.0.0.0", "--read-only"]),
  );
  assert.equal(config.mcp.transport, "http");
  assert.equal(config.mcp.port, 9100);
  assert.equal(config.mcp.host, "0.0.0.0");
  assert.equal(config.readOnly, true);
});

Deno.test("an invalid configuration lists one line per problem", () => {
  try {
    loadConfig({
      EWS_SERVER_URL: "",
      EWS_EMAIL: "not-an-address",
      EWS_IMPERSONATION_ENABLED: "maybe",
      EWS_IMPERSONATION_TYPE: "sudo",
      REQUEST_TIMEOUT: "-3",
      MCP_PORT: "70000",
      TIMEZONE: "Mars/Olympus",
      ENABLE_EMAIL: "nope",
    }, noFlags);
    assert.fail("expected a ConfigError");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const text = error.problems.join("\n");
    for (
      const name of [
        "EWS_SERVER_URL",
        "EWS_EMAIL",
        "EWS_PASSWORD",
        "EWS_IMPERSONATION_ENABLED",
        "EWS_IMPERSONATION_TYPE",
        "REQUEST_TIMEOUT",
        "MCP_PORT",
        "TIMEZONE",
        "ENABLE_EMAIL",
      ]
    ) {
      assert.match(text, new RegExp(name), `missing a line about ${name}`);
    }
    assert.equal(error.problems.length, 9);
  }
});

Deno.test("switches: areas, read-only, impersonation, time zone", () => {
  const config = loadConfig({
    ...base,
    ENABLE_OOF: "false",
    ENABLE_CALENDAR: "0",
    EWS_READ_ONLY: "true",
    EWS_IMPERSONATION_ENABLED: "TRUE",
    EWS_IMPERSONATION_TYPE: "Delegate",
    TIMEZONE: "Europe/Berlin",
    REQUEST_TIMEOUT: "30",
  }, noFlags);
  assert.equal(config.enabledAreas.has("oof"), false);
  assert.equal(config.enabledAreas.has("calendar"), false);
  assert.equal(config.enabledAreas.has("email"), true);
  assert.equal(config.readOnly, true);
  assert.equal(config.impersonation.enabled, true);
  assert.equal(config.impersonation.type, "delegate");
  assert.equal(config.ews.windowsTimeZoneId, "W. Europe Standard Time");
  assert.equal(config.ews.timeoutMs, 30_000);
});

Deno.test("CLI: unknown flags and commands are refused", () => {
  assert.throws(() => parseCli(["--frobnicate"]));
  assert.throws(() => parseCli(["serve-all"]));
  assert.equal(parseCli(["sim", "--port", "8080"]).command, "sim");
});

Deno.test(".env parsing: comments, export, quotes", () => {
  assert.deepEqual(
    parseDotenv(
      `# comment\nexport EWS_EMAIL=a@b.c\nEWS_PASSWORD="p#ss word"\nMCP_PORT=9000 # trailing\nBAD LINE\nQ='single'\n`,
    ),
    { EWS_EMAIL: "a@b.c", EWS_PASSWORD: "p#ss word", MCP_PORT: "9000", Q: "single" },
  );
});

Deno.test("EWS_SERVER_VERSION: Exchange 2013 and later; older servers are named as the problem", () => {
  const version = (value: string) =>
    loadConfig({ ...base, EWS_SERVER_VERSION: value }, noFlags).ews.serverVersion;
  assert.equal(version("exchange2016"), "Exchange2016");
  assert.equal(version("Exchange2013"), "Exchange2013");
  const problems = (value: string) => {
    try {
      version(value);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
  };
  const old = problems("Exchange2010_SP2");
  assert.equal(old.length, 1);
  assert.match(old[0], /needs Exchange 2013 or later/);
  assert.match(problems("Exchange2030")[0], /must be one of Exchange2013, /);
});
