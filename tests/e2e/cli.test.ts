/** The command line: help, version, and a configuration that fails early and plainly. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { VERSION } from "../../version.ts";
import { cleanEnv, REPO, TARGETS } from "./targets.ts";

for (const target of TARGETS) {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(target.command, [...target.args, ...args], {
      cwd: REPO,
      env: cleanEnv(env),
      encoding: "utf8",
    });

  Deno.test({
    name: `cli (${target.name}): --help and --version`,
    ignore: target.missing !== undefined,
    fn() {
      const help = run(["--help"]);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /--transport stdio\|http/);
      const version = run(["--version"]);
      assert.equal(version.status, 0);
      assert.equal(version.stdout.trim(), `ews-mcp ${VERSION}`);
    },
  });

  Deno.test({
    name: `cli (${target.name}): an invalid configuration fails at start, one line per problem`,
    ignore: target.missing !== undefined,
    fn() {
      const result = run([], {
        EWS_SERVER_URL: "mail.contoso.com",
        MCP_PORT: "99999",
        EWS_IMPERSONATION_TYPE: "root",
      });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, "", "nothing on stdout");
      const problems = result.stderr.split("\n").filter((l) => l.startsWith("  - "));
      assert.equal(problems.length, 4, result.stderr);
      assert.match(result.stderr, /EWS_EMAIL is required/);
      assert.match(result.stderr, /EWS_PASSWORD is required/);
      assert.match(result.stderr, /MCP_PORT/);
      assert.match(result.stderr, /EWS_IMPERSONATION_TYPE/);
      const bad = run(["--bogus"]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /bogus/);
    },
  });

  Deno.test({
    name: `cli (${target.name}): \`sim\` prints the EWS URL and demo accounts`,
    ignore: target.missing !== undefined,
    async fn() {
      const { spawn } = await import("node:child_process");
      const child = spawn(target.command, [...target.args, "sim", "--port", "0"], {
        cwd: REPO,
        env: cleanEnv(),
      });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner:\n${out}`)), 30_000);
        child.stdout.on("data", (chunk: Uint8Array) => {
          out += new TextDecoder().decode(chunk);
          if (/ceo@contoso\.test/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /EWS URL: (\S+)/.exec(out)?.[1];
      assert.ok(url?.endsWith("/EWS/Exchange.asmx"), out);
      assert.match(out, /alex@contoso\.test\s+Demo-Pass-1/);
      const unauthorised = await fetch(url!, { method: "POST", body: "<x/>" });
      assert.equal(unauthorised.status, 401);
      await unauthorised.body?.cancel();
      await new Promise<void>((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  });
}
