import { z } from "zod";
import { getOofSettings } from "../../ews/ops/oof.ts";
import type { OofSettings } from "../../ews/types.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const oofShape = {
  state: z.enum(["disabled", "enabled", "scheduled"]),
  active_now: z.boolean().describe("Whether automatic replies are being sent right now."),
  external_audience: z.enum(["none", "known", "all"]),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  internal_reply: z.string(),
  external_reply: z.string(),
  allow_external_oof: z.enum(["none", "known", "all"]).optional().describe(
    "The most the organisation allows for external replies.",
  ),
};

/** Converts settings to the tool shape (lower-case enums, snake_case names). */
export function presentOof(settings: OofSettings, now = new Date()) {
  const state = settings.state.toLowerCase() as "disabled" | "enabled" | "scheduled";
  const inWindow = settings.start !== undefined && settings.end !== undefined &&
    new Date(settings.start) <= now && now < new Date(settings.end);
  return {
    state,
    active_now: state === "enabled" || (state === "scheduled" && inWindow),
    external_audience: settings.externalAudience.toLowerCase() as "none" | "known" | "all",
    ...(settings.start ? { start_time: settings.start } : {}),
    ...(settings.end ? { end_time: settings.end } : {}),
    internal_reply: settings.internalReply,
    external_reply: settings.externalReply,
    ...(settings.allowExternalOof
      ? {
        allow_external_oof: settings.allowExternalOof.toLowerCase() as "none" | "known" | "all",
      }
      : {}),
  };
}

export const getOofSettingsTool = defineTool({
  name: "get_oof_settings",
  title: "Get out-of-office settings",
  description: "Read the out-of-office (automatic reply) settings: state, schedule, reply " +
    "texts, audience, and whether replies are going out now.",
  input: withTarget({}),
  output: withMailbox(oofShape),
  annotations: READ_ONLY,
  async handler(_args, { client, mailbox }) {
    return presentOof(await getOofSettings(client, mailbox));
  },
});
