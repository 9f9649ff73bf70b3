import { z } from "zod";
import { getOofSettings, setOofSettings } from "../../ews/ops/oof.ts";
import type { OofAudience, OofState } from "../../ews/types.ts";
import { isoDateTime } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { oofShape, presentOof } from "./get_oof_settings.ts";

const capital = <T extends string>(value: string) => (value[0].toUpperCase() + value.slice(1)) as T;

export const setOofSettingsTool = defineTool({
  name: "set_oof_settings",
  title: "Set out-of-office settings",
  description: "Turn automatic replies on, off, or on between start_time and end_time " +
    "(scheduled), and set their texts (text or simple HTML). Omitted fields keep their " +
    "values. Returns the settings now in force.",
  input: withTarget({
    state: z.enum(["disabled", "enabled", "scheduled"]),
    internal_reply: z.string().max(64_000).optional(),
    external_reply: z.string().max(64_000).optional(),
    external_audience: z.enum(["none", "known", "all"]).optional().describe(
      "Who outside the organisation gets external_reply: nobody, known contacts, everyone.",
    ),
    start_time: isoDateTime.optional(),
    end_time: isoDateTime.optional(),
  }).superRefine((args, ctx) => {
    if (args.state === "scheduled" && (!args.start_time || !args.end_time)) {
      ctx.addIssue({
        code: "custom",
        message: "state 'scheduled' needs both start_time and end_time.",
        path: [args.start_time ? "end_time" : "start_time"],
      });
    }
    if (args.start_time && args.end_time && new Date(args.end_time) <= new Date(args.start_time)) {
      ctx.addIssue({
        code: "custom",
        message: "end_time must be after start_time.",
        path: ["end_time"],
      });
    }
  }),
  output: withMailbox(oofShape),
  annotations: {
    readOnlyHint: false,
    // It replaces the reply texts and schedule in force.
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  async handler(args, { client, mailbox }) {
    const current = await getOofSettings(client, mailbox);
    const next = {
      state: capital<OofState>(args.state),
      externalAudience: args.external_audience
        ? capital<OofAudience>(args.external_audience)
        : current.externalAudience,
      start: args.start_time ?? current.start,
      end: args.end_time ?? current.end,
      internalReply: args.internal_reply ?? current.internalReply,
      externalReply: args.external_reply ?? current.externalReply,
    };
    await setOofSettings(client, mailbox, next);
    return presentOof({ ...next, allowExternalOof: current.allowExternalOof });
  },
});
