import { z } from "zod";
import { getOofSettings } from "../../ews/ops/oof.ts";
import type { OofSettings } from "../../ews/types.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const oofShape = {
  state: z.enum(["disabled", "enabled", "scheduled"]),
  active_now: z.boolean().describe("Whether automatic replies are being sent right now."),
  external_audience: z.enum(["none", "known", "all"]).describe(
    "Who outside the organisation gets the external reply: nobody, known contacts, everyone.",
  ),
  start_time: z.string().optional().describe("ISO 8601; the scheduled window's start."),
  end_time: z.string().optional().describe("ISO 8601; the scheduled window's end."),
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
  description:
    "Read the mailbox's out-of-office (automatic reply) settings: state (disabled, enabled, " +
    "scheduled), whether replies are active right now, the scheduled window, the internal and " +
    "external reply texts and the external audience.",
  input: withTarget({}),
  output: withMailbox(oofShape),
  annotations: READ_ONLY,
  async handler(_args, { client, mailbox }) {
    return presentOof(await getOofSettings(client, mailbox));
  },
});
