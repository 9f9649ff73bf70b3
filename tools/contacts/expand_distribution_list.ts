import { z } from "zod";
import { expandDistributionList } from "../../ews/ops/directory.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const expandDistributionListTool = defineTool({
  name: "expand_distribution_list",
  title: "Expand distribution list",
  description:
    "Members of a distribution list, one level deep; nested lists are marked is_list so you " +
    "can expand them in turn.",
  input: withTarget({ email: z.email().max(320) }),
  output: withMailbox({
    members: z.array(z.object({
      name: z.string().optional(),
      email: z.string(),
      is_list: z.boolean().optional(),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const members = await expandDistributionList(client, mailbox, args.email);
    return {
      members: members.map((m) => ({
        ...(m.name ? { name: m.name } : {}),
        email: m.email,
        ...(m.type === "PublicDL" || m.type === "PrivateDL" ? { is_list: true } : {}),
      })),
    };
  },
});
