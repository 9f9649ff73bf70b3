/**
 * ews-mcp's side of the benchmark, at two levels:
 *
 * - `client`: the EWS client layer (`ews/ops/*` over `EwsClient`), the part exchangelib is the
 *   counterpart of;
 * - `tool`: the full MCP tool call through an in-memory MCP client: argument validation, mailbox
 *   resolution, audit, EWS, result shaping and output-schema validation — what an assistant
 *   waits for, minus the stdio/HTTP hop.
 *
 * Loaded with a dynamic import by bench.ts, so its memory footprint can be told apart from the
 * runtime's.
 */
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { basicAuth } from "../../ews/auth/basic.ts";
import { EwsClient } from "../../ews/client.ts";
import { createLogger } from "../../ews/log.ts";
import { impersonationContext, primaryContext } from "../../ews/mailbox/context.ts";
import { getAvailability } from "../../ews/ops/availability.ts";
import { calendarView } from "../../ews/ops/calendar.ts";
import { getMessages, listMessages, sendMessage } from "../../ews/ops/items.ts";
import { toolWorkloads, type Workload, type WorkloadParams } from "./workloads.ts";

export type Run = () => Promise<unknown>;

/** Bytes of a tool result: the text content the model reads, and the structured content. */
export interface ResultSize {
  text_bytes: number;
  structured_bytes: number;
}

export interface OurStack {
  client: Record<Workload, Run>;
  tool: Record<Workload, Run>;
  /** The size of the last tool result. */
  lastResultSize(): ResultSize;
  close(): Promise<void>;
}

export async function createOurStack(
  url: string,
  account: { email: string; password: string },
  params: WorkloadParams,
): Promise<OurStack> {
  // ---- EWS client layer --------------------------------------------------------------------
  const client = new EwsClient({
    endpoint: new URL(url),
    auth: basicAuth(account.email, account.password),
  });
  const own = primaryContext(account.email);
  const newest = (await listMessages(client, own, {
    folder: "inbox",
    offset: 0,
    maxResults: params.fetch,
  })).messages.map((m) => m.id);
  let sent = 0;
  const page = (body?: "text") =>
    listMessages(client, own, { folder: "inbox", offset: 0, maxResults: params.page, body });
  const team = async () => {
    for (const target of params.team) {
      await listMessages(client, impersonationContext(target), {
        folder: "inbox",
        offset: 0,
        maxResults: params.page,
      });
    }
  };

  const clientRuns: Record<Workload, Run> = {
    list_50: () => page(),
    list_50_bodies: () => page("text"),
    fetch_100: () => getMessages(client, own, newest, { detail: "full", body: "text" }),
    team_first: team,
    team_repeat: team,
    calendar_week: () =>
      calendarView(client, own, {
        folder: "calendar",
        ...params.week,
        maxEntries: 100,
        timeZoneId: "UTC",
      }),
    availability_20: () =>
      getAvailability(client, own, {
        attendees: params.team.map((email) => ({ email, type: "Required" })),
        ...params.week,
        freeBusy: { intervalMinutes: 30 },
      }),
    send_20: async () => {
      for (let i = 0; i < params.sends; i++) {
        await sendMessage(client, own, {
          to: [params.recipient],
          subject: `Benchmark message ${++sent}`,
          body: "A short plain-text message sent by the benchmark.",
          bodyFormat: "text",
        });
      }
    },
  };

  // ---- full MCP tool calls -----------------------------------------------------------------
  const config = loadConfig({
    EWS_SERVER_URL: url,
    EWS_EMAIL: account.email,
    EWS_PASSWORD: account.password,
    EWS_IMPERSONATION_ENABLED: "true",
    EWS_TOOLSETS: "all",
    LOG_LEVEL: "ERROR",
  }, parseCli([]));
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  let last: ResultSize = { text_bytes: 0, structured_bytes: 0 };
  /** An app with its own caches and an MCP client on it: a server that has used no mailbox. */
  const connect = async () => {
    const app = createApp(config, createLogger("ERROR", () => {}));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = app.createServer();
    await server.connect(serverSide);
    const mcp = new Client({ name: "ews-mcp-bench", version: "1.0.0" });
    await mcp.connect(clientSide);
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await mcp.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      const content = result.content as { type: string; text?: string }[];
      last = {
        text_bytes: bytes(content.map((c) => c.text ?? "").join("")),
        structured_bytes: bytes(JSON.stringify(result.structuredContent)),
      };
      return result.structuredContent;
    };
    return {
      call,
      async close() {
        await mcp.close();
        await server.close();
        app.close();
      },
    };
  };
  const main = await connect();
  const toolRuns = toolWorkloads(main.call, params, newest, connect);

  return {
    client: clientRuns,
    tool: toolRuns,
    lastResultSize: () => last,
    async close() {
      await main.close();
      client.close();
    },
  };
}
