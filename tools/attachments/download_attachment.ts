import { Buffer } from "node:buffer";
import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { getAttachment } from "../../ews/ops/attachments.ts";
import { NO_FILE_ACCESS, safeFileName } from "../files.ts";
import { clip, emailAddress, itemId } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { attachmentEntry, entryOf, INLINE_LIMIT_BYTES } from "./shapes.ts";

const MAX_BODY_CHARS = 20_000;

export const downloadAttachment = defineTool({
  name: "download_attachment",
  title: "Download attachment",
  description:
    "Read one attachment. A file comes back as base64 (up to 1 MB) or, with save_to_file, is " +
    "saved under EWS_DOWNLOAD_DIR (never overwriting) and its path returned. An attached " +
    "message comes back as a message (text body, its own attachments).",
  input: withTarget({
    attachment_id: itemId,
    save_to_file: z.boolean().default(false),
    file_name: z.string().trim().min(1).max(1024).optional().describe(
      "Path relative to EWS_DOWNLOAD_DIR (default: the attachment's name).",
    ),
  }),
  output: withMailbox({
    attachment_id: z.string(),
    name: z.string(),
    kind: z.enum(["file", "item"]),
    content_type: z.string().optional(),
    size: z.number().int().optional(),
    content_base64: z.string().optional(),
    saved_path: z.string().optional().describe("Absolute path of the saved file."),
    message: z.object({
      subject: z.string(),
      from: emailAddress.optional(),
      to: z.array(emailAddress),
      sent_time: z.string().optional(),
      body: z.string().optional(),
      body_truncated: z.boolean().optional(),
      attachments: z.array(attachmentEntry),
    }).optional().describe("The attached message, for kind item."),
  }),
  // Never changes the mailbox; saving writes only new files in the configured directory.
  annotations: READ_ONLY,
  async handler(args, { client, mailbox, files = NO_FILE_ACCESS }) {
    if (args.save_to_file) files.checkSavePath(args.file_name ?? "check");
    const got = await getAttachment(client, mailbox, args.attachment_id);
    const base = { attachment_id: args.attachment_id, name: got.name, kind: got.kind };
    if (got.kind === "item") {
      const m = got.message;
      const body = m.body && clip(m.body.content, MAX_BODY_CHARS);
      return {
        ...base,
        content_type: "message/rfc822",
        message: {
          subject: m.subject,
          ...(m.from ? { from: m.from } : {}),
          to: m.to,
          ...(m.sentAt ? { sent_time: m.sentAt } : {}),
          ...(body ? { body: body.text, ...(body.truncated ? { body_truncated: true } : {}) } : {}),
          attachments: got.attachments.map(entryOf),
        },
      };
    }
    const file = {
      ...base,
      ...(got.contentType ? { content_type: got.contentType } : {}),
      size: got.content.length,
    };
    if (args.save_to_file) {
      const saved = await files.saveDownload(
        args.file_name ?? safeFileName(got.name),
        got.content,
      );
      return { ...file, saved_path: saved.path };
    }
    const limit = Math.min(INLINE_LIMIT_BYTES, files.maxBytes);
    if (got.content.length > limit) {
      throw new EwsError(`${got.name} is ${got.content.length} bytes, over ${limit} inline`, {
        kind: "invalid_input",
        hint: files.canSave
          ? "Call again with save_to_file: true."
          : "Set EWS_DOWNLOAD_DIR to save large attachments to files.",
      });
    }
    return { ...file, content_base64: Buffer.from(got.content).toString("base64") };
  },
});
