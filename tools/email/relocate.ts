/** move_email and copy_email: the same tool, but for what happens to the originals. */
import { z } from "zod";
import { moveOrCopyItems } from "../../ews/ops/item_updates.ts";
import { emailIds, itemOutcome, outcomeOf } from "../shapes.ts";
import { ADDS, defineTool, withMailbox, withTarget } from "../tool.ts";

export function relocateTool(
  action: "move" | "copy",
  about: { name: string; title: string; description: string },
) {
  return defineTool({
    ...about,
    input: withTarget({
      email_ids: emailIds,
      folder: z.string().trim().min(1).max(512).describe("Well-known name, path or id."),
    }),
    output: withMailbox({ results: z.array(itemOutcome) }),
    annotations: ADDS,
    async handler(args, { client, mailbox }) {
      const outcomes = await moveOrCopyItems(client, mailbox, action, args.email_ids, args.folder);
      return { results: outcomes.map(outcomeOf) };
    },
  });
}
