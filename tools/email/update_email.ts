import { z } from "zod";
import { messageStateUpdates, updateItems } from "../../ews/ops/item_updates.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { defineTool, withMailbox, withTarget } from "../tool.ts";
import { isoDate, toIso, WRITES } from "./write_args.ts";

export const updateEmail = defineTool({
  name: "update_email",
  title: "Update emails",
  description:
    "Mark messages read/unread, flag them (with an optional due date), complete or clear the " +
    "flag, set categories or importance. Results per id.",
  input: withTarget({
    email_ids: emailIds,
    is_read: z.boolean().optional(),
    flag: z.enum(["flagged", "complete", "none"]).optional(),
    flag_due: isoDate.optional().describe("Implies flag=flagged."),
    categories: z.array(z.string().trim().min(1).max(255)).max(25).optional().describe(
      "Replaces them; [] clears.",
    ),
    importance: z.enum(["Low", "Normal", "High"]).optional(),
  }).refine(
    (a) => [a.is_read, a.flag, a.flag_due, a.categories, a.importance].some((v) => v !== undefined),
    "Nothing to change: give is_read, flag, flag_due, categories or importance.",
  ),
  output: withMailbox({ results: z.array(itemOutcome) }),
  annotations: WRITES,
  async handler(args, { client, mailbox }) {
    const status = args.flag === "complete"
      ? "Complete" as const
      : args.flag === "none"
      ? "NotFlagged" as const
      : "Flagged" as const;
    const flag = args.flag || args.flag_due
      ? {
        status,
        due: args.flag_due && toIso(args.flag_due),
      }
      : undefined;
    const updates = messageStateUpdates({
      isRead: args.is_read,
      flag,
      categories: args.categories,
      importance: args.importance,
    });
    const outcomes = await updateItems(client, mailbox, args.email_ids, updates);
    return { results: outcomes.map(outcomeOf) };
  },
});
