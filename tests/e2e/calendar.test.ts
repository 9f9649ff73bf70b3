/**
 * The booking flow through the real program over stdio on the demo: alex finds a free room with
 * list_rooms and check_availability, invites pat, pat (impersonation) accepts the invitation
 * from the inbox, and alex sees the acceptance; a weekly series across DST keeps local time.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { cleanEnv, REPO, TARGETS } from "./targets.ts";

for (const target of TARGETS) {
  Deno.test({
    name: `calendar over stdio (${target.name}): book a room with pat, pat accepts, DST series`,
    ignore: target.missing !== undefined,
    async fn() {
      const transport = new StdioClientTransport({
        command: target.command,
        args: [...target.args, "--demo"],
        env: cleanEnv({ LOG_LEVEL: "WARNING", TIMEZONE: "Europe/Berlin" }),
        cwd: REPO,
        stderr: "pipe",
      });
      const client = new Client({ name: "e2e-calendar", version: "1.0.0" });
      await client.connect(transport);
      // deno-lint-ignore no-explicit-any
      const call = async (name: string, args: Record<string, unknown> = {}): Promise<any> => {
        const result = await client.callTool({ name, arguments: args });
        assert.equal(result.isError ?? false, false, `${name}: ${JSON.stringify(result.content)}`);
        return result.structuredContent;
      };
      try {
        const slot = { start: "2031-02-04T14:00", end: "2031-02-04T15:00" };
        const rooms = (await call("list_rooms")).room_lists[0].rooms.map((r: { email: string }) =>
          r.email
        );
        const free = await call("check_availability", { emails: rooms, ...slot });
        const room = free.people.find((p: { busy: unknown[] }) => p.busy.length === 0).email;
        const meeting = await call("create_appointment", {
          subject: "E2E planning",
          ...slot,
          required_attendees: ["pat@contoso.test"],
          resources: [room],
        });
        const inbox = await call("read_emails", { target_mailbox: "pat@contoso.test" });
        const invitation = inbox.emails.find((e: { subject: string }) =>
          e.subject === "E2E planning"
        );
        await call("respond_to_meeting", {
          target_mailbox: "pat@contoso.test",
          id: invitation.id,
          response: "accept",
        });
        const seen = await call("get_appointment", { event_id: meeting.id });
        assert.deepEqual(
          [...seen.event.required_attendees, ...seen.event.resources].map((
            a: { email: string; response: string },
          ) => [a.email, a.response]),
          [["pat@contoso.test", "Accept"], [room, "Accept"]],
        );

        await call("create_appointment", {
          subject: "E2E weekly",
          start: "2031-03-24T09:00",
          end: "2031-03-24T09:30",
          recurrence: "FREQ=WEEKLY;COUNT=2",
        });
        const weeks = await call("get_calendar", { start: "2031-03-23", end: "2031-04-05" });
        assert.deepEqual(
          weeks.events.filter((e: { subject: string }) => e.subject === "E2E weekly").map((
            e: { start: string },
          ) => e.start),
          ["2031-03-24T09:00:00+01:00", "2031-03-31T09:00:00+02:00"],
        );
      } finally {
        await client.close();
      }
    },
  });
}
