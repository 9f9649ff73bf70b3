import { z } from "zod";
import { resolveNames as resolve } from "../../ews/ops/directory.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";

export const resolveNames = defineTool({
  name: "resolve_names",
  title: "Resolve names",
  description: "Find people, distribution lists and personal contacts by name or partial address " +
    "(directory and contacts); every candidate when the name is ambiguous.",
  input: withTarget({
    name: z.string().trim().min(1).max(255),
    scope: z.enum(["both", "directory", "contacts"]).optional(),
  }),
  output: withMailbox({
    candidates: z.array(z.object({
      name: z.string().optional(),
      email: z.string(),
      type: z.string().optional().describe("Mailbox, PublicDL (a list), Contact…"),
      source: z.enum(["directory", "contacts"]).optional(),
      contact_id: z.string().optional(),
      company: z.string().optional(),
      job_title: z.string().optional(),
      phones: z.record(z.string(), z.string()).optional(),
    })),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox }) {
    const found = await resolve(client, mailbox, args.name, args.scope ?? "both");
    return {
      candidates: found.map((r) => ({
        ...(r.name ? { name: r.name } : {}),
        email: r.email,
        ...(r.type ? { type: r.type } : {}),
        ...(r.source ? { source: r.source } : {}),
        ...(r.contactId ? { contact_id: r.contactId } : {}),
        ...(r.companyName ? { company: r.companyName } : {}),
        ...(r.jobTitle ? { job_title: r.jobTitle } : {}),
        ...(r.phones ? { phones: r.phones } : {}),
      })),
    };
  },
});
