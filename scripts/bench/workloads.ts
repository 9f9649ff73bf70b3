/**
 * The workloads both sides run, in order (sending last, so it cannot change what others read).
 * Each is one unit of user-visible work; both sides do the same work on the same seeded data.
 */
export const WORKLOADS = [
  "list_50",
  "list_50_bodies",
  "fetch_100",
  "team_first",
  "team_repeat",
  "calendar_week",
  "availability_20",
  "send_20",
] as const;

export type Workload = typeof WORKLOADS[number];

export interface WorkloadParams {
  /** Messages per page. */
  page: number;
  /** Messages fetched by id. */
  fetch: number;
  /** Mailboxes read through impersonation (seed.ts `teamMailboxes`). */
  team: string[];
  /** Where send_email sends (outside the organisation, so no mailbox grows). */
  recipient: string;
  /** Mails per send workload. */
  sends: number;
  /** The calendar week read, and the window of the availability workload (UTC). */
  week: { start: Date; end: Date };
}

export function describe(workload: Workload, params: WorkloadParams): string {
  switch (workload) {
    case "list_50":
      return `list ${params.page} inbox mails`;
    case "list_50_bodies":
      return `list ${params.page} inbox mails with bodies`;
    case "fetch_100":
      return `fetch ${params.fetch} mails by id`;
    case "team_first":
      return `inbox of ${params.team.length} mailboxes, first use`;
    case "team_repeat":
      return `inbox of ${params.team.length} mailboxes, repeated`;
    case "calendar_week":
      return "a week of calendar";
    case "availability_20":
      return `availability of ${params.team.length} people for a week`;
    case "send_20":
      return `send ${params.sends} mails`;
  }
}

const utc = (range: { start: Date; end: Date }) => ({
  start: range.start.toISOString(),
  end: range.end.toISOString(),
});

/** Calls one MCP tool and returns its structured result (throws on a tool error). */
export type ToolCaller = (name: string, args: Record<string, unknown>) => Promise<unknown>;

/**
 * The workloads as MCP tool calls, the same whether the server runs in process or as a child
 * over stdio. `fresh` gives a caller on a server that has not used any mailbox yet (first use).
 * `ids` are the newest Inbox messages, fetched by id.
 */
export function toolWorkloads(
  call: ToolCaller,
  params: WorkloadParams,
  ids: string[],
  fresh: () => Promise<{ call: ToolCaller; close(): Promise<void> }>,
): Record<Workload, () => Promise<unknown>> {
  let sent = 0;
  const team = async (caller: ToolCaller) => {
    for (const target of params.team) {
      await caller("read_emails", { max_results: params.page, target_mailbox: target });
    }
  };
  return {
    list_50: () => call("read_emails", { max_results: params.page }),
    list_50_bodies: () => call("read_emails", { max_results: params.page, include_body: true }),
    fetch_100: () => call("get_emails_bulk", { email_ids: ids, max_body_chars: 50_000 }),
    team_first: async () => {
      const server = await fresh();
      try {
        await team(server.call);
      } finally {
        await server.close();
      }
    },
    team_repeat: () => team(call),
    calendar_week: () =>
      call("get_calendar", { ...utc(params.week), time_zone: "UTC", max_results: 100 }),
    availability_20: () =>
      call("check_availability", { emails: params.team, ...utc(params.week), time_zone: "UTC" }),
    send_20: async () => {
      for (let i = 0; i < params.sends; i++) {
        await call("send_email", {
          to: [params.recipient],
          subject: `Benchmark tool message ${++sent}`,
          body: "A short plain-text message sent by the benchmark.",
        });
      }
    },
  };
}
