/**
 * No fault makes a mail go out twice, in the real program: `deno run mod.ts` and the compiled
 * binary, over stdio, against the simulator behind a fault proxy. For every way an exchange can
 * break after Exchange carried out the CreateItem (connection dropped or reset, reply withheld past
 * REQUEST_TIMEOUT, 502/503/504 from a gateway, reply cut off), on a kept-alive connection:
 * - exactly one copy reaches the recipient and one lands in Sent Items;
 * - the tool says honestly that the mail may have been sent (check Sent Items);
 * - a retry with the same idempotency_key sends nothing: the marked copy in Sent Items settles
 *   the doubt, and the retry is answered as a duplicate.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { DEMO_ACCOUNTS, type RunningSimulator, startSimulator } from "../../sim/mod.ts";
import { cleanEnv, REPO, TARGETS } from "../e2e/targets.ts";
import { FAULTS, startFaultProxy } from "./fault_proxy.ts";

function copies(sim: RunningSimulator, address: string, folder: string, subject: string): number {
  const mailbox = sim.organisation.mailbox(address)!;
  return mailbox.itemsIn(mailbox.folder(folder)!.key).filter((i) => i.subject === subject).length;
}

for (const target of TARGETS) {
  Deno.test({
    name: `send_email (${target.name}): every connection fault ends in exactly one copy`,
    ignore: target.missing !== undefined,
    async fn() {
      const sim = await startSimulator();
      const proxy = await startFaultProxy(sim.url);
      const alex = DEMO_ACCOUNTS[0];
      const transport = new StdioClientTransport({
        command: target.command,
        args: target.args,
        env: cleanEnv({
          EWS_SERVER_URL: proxy.url,
          EWS_EMAIL: alex.email,
          EWS_PASSWORD: alex.password,
          REQUEST_TIMEOUT: "5",
          LOG_LEVEL: "ERROR",
        }),
        cwd: REPO,
        stderr: "pipe",
      });
      const client = new Client({ name: "safety", version: "1.0.0" });
      await client.connect(transport);
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = await client.callTool({ name, arguments: args });
        const text = (result.content as { text?: string }[]).map((c) => c.text ?? "").join("\n");
        // deno-lint-ignore no-explicit-any
        const data = result.structuredContent as any;
        return { isError: result.isError === true, text, data };
      };
      try {
        for (const fault of FAULTS) {
          const subject = `fault ${fault}`;
          const send = {
            to: ["pat@contoso.test"],
            subject,
            body: "Exactly once, please.",
            idempotency_key: `key-${fault}`,
          };
          // A read first, so the send would find a kept-alive connection to go out on.
          const read = await call("read_emails", { max_results: 1 });
          assert.equal(read.isError, false, read.text);
          const createsBefore = proxy.seen.CreateItem ?? 0;
          proxy.arm("CreateItem", fault);

          const first = await call("send_email", send);
          assert.equal(first.isError, true, `${fault}: ${first.text}`);
          assert.match(first.text, /may have been sent/, `${fault}: ${first.text}`);
          assert.match(first.text, /Sent Items/, `${fault}: ${first.text}`);

          const retry = await call("send_email", send);
          assert.equal(retry.isError, false, `${fault}: ${retry.text}`);
          assert.equal(retry.data.duplicate, true, `${fault}: found in Sent Items`);

          assert.equal((proxy.seen.CreateItem ?? 0) - createsBefore, 1, `${fault}: one CreateItem`);
          assert.equal(copies(sim, "pat@contoso.test", "inbox", subject), 1, `${fault}: delivered`);
          assert.equal(copies(sim, alex.email, "sentitems", subject), 1, `${fault}: Sent Items`);
        }

        // Without a fault the same path says "sent", and a retry is a remembered duplicate.
        const ok = {
          to: ["pat@contoso.test"],
          subject: "no fault",
          body: "x",
          idempotency_key: "k",
        };
        const sent = await call("send_email", ok);
        assert.equal(sent.isError, false, sent.text);
        assert.deepEqual([sent.data.sent, sent.data.duplicate], [true, false]);
        const again = await call("send_email", ok);
        assert.deepEqual([again.data.sent, again.data.duplicate], [true, true]);
        assert.equal(copies(sim, "pat@contoso.test", "inbox", "no fault"), 1);
      } finally {
        await client.close();
        await proxy.close();
        await sim.close();
      }
    },
  });
}
