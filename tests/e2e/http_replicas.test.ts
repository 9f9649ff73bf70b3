/**
 * Scale-out: two replicas of the real program behind a small round-robin proxy, one Exchange
 * (the simulator). Consecutive requests of one client land on alternating replicas, so nothing
 * may depend on per-process session state, and an idempotency key must hold across replicas and
 * restarts (it is kept in Exchange, on the Sent Items copy).
 */
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { DEMO_ACCOUNTS, startSimulator } from "../../sim/mod.ts";
import { startHttpProcess } from "./http_process.ts";
import { TARGETS } from "./targets.ts";

const KEY = "replica-test-key-0123456789";

/**
 * Forwards each request to the next replica in turn; counts what each one served and which
 * replica served each tool call. `sendNextTo` makes the next request go to a given replica.
 */
function roundRobin(upstreams: URL[]) {
  const served = upstreams.map(() => 0);
  const calls: { replica: number; tool: string }[] = [];
  let next = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const index = next++ % upstreams.length;
    served[index]++;
    const incoming = new URL(request.url);
    const target = new URL(incoming.pathname + incoming.search, upstreams[index]);
    const headers = new Headers(request.headers);
    headers.set("host", `localhost:${upstreams[index].port}`);
    const body = request.body ? await request.arrayBuffer() : undefined;
    const tool = body && /"method":"tools\/call".*?"name":"([^"]+)"/.exec(
      new TextDecoder().decode(body),
    )?.[1];
    if (tool) calls.push({ replica: index, tool });
    const response = await fetch(target, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
  return {
    url: new URL(`http://127.0.0.1:${server.addr.port}/mcp`),
    served,
    calls,
    sendNextTo: (replica: number) => (next = replica),
    server,
  };
}

async function connect(url: URL) {
  const client = new Client({ name: "e2e-replicas", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
    }),
  );
  return client;
}

for (const target of TARGETS) {
  Deno.test({
    name: `replicas (${target.name}): interleaved calls succeed; a keyed send retried on the ` +
      "other replica, or after a restart, goes out once",
    ignore: target.missing !== undefined,
    async fn() {
      const sim = await startSimulator();
      const alex = DEMO_ACCOUNTS[0];
      const env = {
        EWS_SERVER_URL: sim.url,
        EWS_EMAIL: alex.email,
        EWS_PASSWORD: alex.password,
        EWS_IMPERSONATION_ENABLED: "true",
        EWS_TOOLSETS: "all",
        MCP_API_KEYS: `replicas:${KEY}`,
      };
      const received = (subject: string) =>
        sim.organisation.requireMailbox("pat@contoso.test").itemsIn("inbox")
          .filter((m) => m.subject === subject).length;
      const subject = `replicas ${crypto.randomUUID()}`;
      const send = {
        to: ["pat@contoso.test"],
        subject,
        body: "sent through one replica, read through another",
        idempotency_key: subject,
      };
      try {
        const replicas = [startHttpProcess(target, [], env), startHttpProcess(target, [], env)];
        try {
          const proxy = roundRobin(await Promise.all(replicas.map((r) => r.url)));
          try {
            const client = await connect(proxy.url);
            try {
              for (let round = 0; round < 3; round++) {
                assert.ok((await client.listTools()).tools.length > 0);
                const sales = await client.callTool({
                  name: "read_emails",
                  arguments: { target_mailbox: "sales@contoso.test", max_results: 2 },
                });
                assert.equal(sales.isError ?? false, false, JSON.stringify(sales.content));
                const oof = await client.callTool({
                  name: "get_oof_settings",
                  arguments: { target_mailbox: "pat@contoso.test" },
                });
                assert.equal(oof.isError ?? false, false, JSON.stringify(oof.content));
              }
              const sent = await client.callTool({ name: "send_email", arguments: send });
              assert.equal(sent.isError ?? false, false, JSON.stringify(sent.content));
              assert.equal((sent.structuredContent as { duplicate: boolean }).duplicate, false);
              const first = proxy.calls.at(-1)!;
              assert.equal(first.tool, "send_email");

              // The retry lands on the other replica, which never saw the key.
              proxy.sendNextTo(1 - first.replica);
              const retry = await client.callTool({ name: "send_email", arguments: send });
              assert.equal(retry.isError ?? false, false, JSON.stringify(retry.content));
              assert.equal(proxy.calls.at(-1)!.replica, 1 - first.replica, "served elsewhere");
              assert.equal((retry.structuredContent as { duplicate: boolean }).duplicate, true);
              assert.equal(received(subject), 1, "exactly one message reached the recipient");

              // The same key with other content, again on the replica that did not send: a conflict.
              proxy.sendNextTo(1 - first.replica);
              const changed = await client.callTool({
                name: "send_email",
                arguments: { ...send, body: "something else" },
              });
              assert.equal(changed.isError, true);
              assert.match(JSON.stringify(changed.content), /already used for a different message/);
              assert.equal(received(subject), 1, "the conflict sent nothing");

              // A keyed meeting retried on the other replica: one event, one invitation.
              const meeting = {
                subject: `meeting ${subject}`,
                start: "2031-05-06T09:00:00Z",
                end: "2031-05-06T10:00:00Z",
                required_attendees: ["pat@contoso.test"],
                idempotency_key: `meeting ${subject}`,
              };
              const booked = await client.callTool({
                name: "create_appointment",
                arguments: meeting,
              });
              assert.equal(booked.isError ?? false, false, JSON.stringify(booked.content));
              const bookedOn = proxy.calls.at(-1)!.replica;
              proxy.sendNextTo(1 - bookedOn);
              const rebooked = await client.callTool({
                name: "create_appointment",
                arguments: meeting,
              });
              assert.deepEqual(rebooked.structuredContent, {
                ...(booked.structuredContent as object),
                duplicate: true,
              });
              assert.equal(proxy.calls.at(-1)!.replica, 1 - bookedOn, "served elsewhere");
              assert.equal(received(meeting.subject), 1, "one invitation");

              const inbox = await client.callTool({
                name: "read_emails",
                arguments: { target_mailbox: "pat@contoso.test", max_results: 5 },
              });
              assert.match(JSON.stringify(inbox.structuredContent), new RegExp(subject));
            } finally {
              await client.close();
            }
            assert.ok(proxy.served.every((n) => n >= 5), `both replicas served: ${proxy.served}`);
          } finally {
            await proxy.server.shutdown();
          }
        } finally {
          await Promise.all(replicas.map((r) => r.stop()));
        }

        // Every replica restarted: the key is still known, from Sent Items.
        const restarted = startHttpProcess(target, [], env);
        try {
          const client = await connect(await restarted.url);
          try {
            const retry = await client.callTool({ name: "send_email", arguments: send });
            assert.equal(retry.isError ?? false, false, JSON.stringify(retry.content));
            assert.equal((retry.structuredContent as { duplicate: boolean }).duplicate, true);
            assert.equal(received(subject), 1);
          } finally {
            await client.close();
          }
        } finally {
          await restarted.stop();
        }
      } finally {
        await sim.close();
      }
    },
  });
}
