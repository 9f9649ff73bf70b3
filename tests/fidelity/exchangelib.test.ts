/**
 * Fidelity: a real EWS client (Python exchangelib) must work against the simulator unmodified,
 * including version discovery, folder lookup, paging, sending and impersonation.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../../sim/mod.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./exchangelib_client.py", import.meta.url));

function hasExchangelib(): boolean {
  try {
    const probe = new Deno.Command(PYTHON, {
      args: ["-c", "import exchangelib"],
      stdout: "null",
      stderr: "null",
    })
      .outputSync();
    return probe.success;
  } catch {
    return false;
  }
}

const available = hasExchangelib();
if (!available) {
  console.warn(
    "SKIPPING exchangelib fidelity test: /usr/bin/python3 cannot import exchangelib. " +
      "Install it with: apt-get install python3-exchangelib",
  );
}

Deno.test({
  name:
    "exchangelib lists, reads, sends, attaches, reads OOF, delegates and impersonates against the simulator",
  ignore: !available,
  async fn() {
    const sim = await startSimulator();
    try {
      const run = await new Deno.Command(PYTHON, {
        args: [SCRIPT, sim.url, "alex@contoso.test", "Demo-Pass-1"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.ok(run.success, `exchangelib client failed:\n${stderr}`);
      const result = JSON.parse(new TextDecoder().decode(run.stdout));

      assert.equal(result.server_version, "15.1.2507.6");
      assert.equal(result.api_version, "Exchange2016");
      assert.equal(result.inbox.length, 10);
      assert.equal(result.inbox[0].subject, "Weekly infrastructure report");
      assert.equal(result.inbox[0].sender, "pat@contoso.test");
      assert.equal(result.inbox_total, 12);
      assert.equal(result.unread, 6);
      assert.deepEqual(result.item, {
        subject: "Weekly infrastructure report",
        body_type: "HTMLBody",
        body_start: "<html><body><h2>Infrastructure, week sum",
        to: ["alex@contoso.test"],
        has_attachments: false,
        message_id: result.item.message_id,
      });
      assert.match(result.item.message_id, /^<.+@contoso\.test>$/);
      assert.equal(result.sent_copy, 1);
      assert.deepEqual(result.arrived, [{
        subject: result.sent_subject,
        is_read: false,
        from: "alex@contoso.test",
      }]);
      assert.equal(result.pat_inbox[0], result.sent_subject);
      assert.deepEqual(result.pat_delegate_inbox, result.pat_inbox.slice(0, 3));
      assert.equal(result.pat_delegate_root, "ErrorAccessDenied", "pat shared Inbox, not root");
      assert.deepEqual(result.attachments, [["Inner", "ItemAttachment"], [
        "hello.txt",
        "FileAttachment",
      ]]);
      assert.equal(result.attachment_content, "Hello from exchangelib");
      assert.equal(result.attached_subject, "Inner message");
      assert.deepEqual(result.after_detach, ["Inner"]);
      assert.equal(result.mime_has_rfc822, true);
      assert.equal(result.ceo_impersonation, "ErrorImpersonateUserDenied");
      assert.deepEqual(result.oof, { state: "Disabled", external_audience: "All" });
      assert.ok(sim.stats.connections >= 1);
      assert.ok(
        sim.stats.byOperation.ConvertId >= 1,
        "exchangelib discovers the version with ConvertId",
      );
    } finally {
      await sim.close();
    }
  },
});
