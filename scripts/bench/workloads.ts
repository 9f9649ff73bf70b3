/** The workloads both sides run, in order (sending last, so it cannot change what others read). */
export const WORKLOADS = [
  "read_emails",
  "read_emails_deep",
  "read_emails_bodies",
  "get_email_details",
  "list_folders",
  "get_oof_settings",
  "read_emails_impersonated",
  "send_email",
] as const;

export type Workload = typeof WORKLOADS[number];

export interface WorkloadParams {
  /** Messages per page. */
  page: number;
  /** Offset of the deep page. */
  deepOffset: number;
  /** Mailbox read through impersonation. */
  target: string;
  /** Where send_email sends (outside the organisation, so no mailbox grows). */
  recipient: string;
}

export function describe(workload: Workload, params: WorkloadParams): string {
  switch (workload) {
    case "read_emails":
      return `read_emails: newest ${params.page}`;
    case "read_emails_deep":
      return `read_emails: ${params.page} at offset ${params.deepOffset}`;
    case "read_emails_bodies":
      return `read_emails: ${params.page} with text bodies`;
    case "get_email_details":
      return "get_email_details: one message";
    case "list_folders":
      return "list_folders: tree with counts";
    case "get_oof_settings":
      return "get_oof_settings";
    case "read_emails_impersonated":
      return `read_emails: ${params.page}, impersonating`;
    case "send_email":
      return "send_email: save copy";
  }
}

/** Calls one MCP tool and returns its structured result (throws on a tool error). */
export type ToolCaller = (name: string, args: Record<string, unknown>) => Promise<unknown>;

/**
 * The workloads as MCP tool calls, the same whether the server runs in process or as a child
 * over stdio. `newest` is the id get_email_details fetches.
 */
export function toolWorkloads(
  call: ToolCaller,
  params: WorkloadParams,
  newest: string,
): Record<Workload, () => Promise<unknown>> {
  let sent = 0;
  return {
    read_emails: () => call("read_emails", { max_results: params.page }),
    read_emails_deep: () =>
      call("read_emails", { max_results: params.page, offset: params.deepOffset }),
    read_emails_bodies: () => call("read_emails", { max_results: params.page, include_body: true }),
    get_email_details: () => call("get_email_details", { email_id: newest }),
    list_folders: () => call("list_folders", {}),
    get_oof_settings: () => call("get_oof_settings", {}),
    read_emails_impersonated: () =>
      call("read_emails", { max_results: params.page, target_mailbox: params.target }),
    send_email: () =>
      call("send_email", {
        to: [params.recipient],
        subject: `Benchmark tool message ${++sent}`,
        body: "A short plain-text message sent by the benchmark.",
      }),
  };
}
