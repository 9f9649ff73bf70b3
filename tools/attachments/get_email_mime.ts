import { z } from "zod";
import { EwsError } from "../../ews/errors.ts";
import { getMime } from "../../ews/ops/attachments.ts";
import { NO_FILE_ACCESS, safeFileName } from "../files.ts";
import { itemId } from "../shapes.ts";
import { defineTool, READ_ONLY, withMailbox, withTarget } from "../tool.ts";
import { INLINE_LIMIT_BYTES } from "./shapes.ts";

export const getEmailMime = defineTool({
  name: "get_email_mime",
  title: "Get email as MIME",
  description:
    "A message as its RFC 5322 MIME source (.eml, attachments included), for archiving or " +
    "exact headers: returned as text up to 1 MB, or with save_to_file saved under " +
    "EWS_DOWNLOAD_DIR.",
  input: withTarget({
    email_id: itemId,
    save_to_file: z.boolean().default(false),
    file_name: z.string().trim().min(1).max(1024).optional().describe(
      "Path relative to EWS_DOWNLOAD_DIR (default: the subject, .eml).",
    ),
  }),
  output: withMailbox({
    email_id: z.string(),
    size: z.number().int(),
    mime: z.string().optional(),
    saved_path: z.string().optional().describe("Absolute path of the saved .eml file."),
  }),
  annotations: READ_ONLY,
  async handler(args, { client, mailbox, files = NO_FILE_ACCESS }) {
    if (args.save_to_file) files.checkSavePath(args.file_name ?? "check");
    const { subject, mime } = await getMime(client, mailbox, args.email_id);
    const base = { email_id: args.email_id, size: mime.length };
    if (args.save_to_file) {
      const name = args.file_name ?? `${safeFileName(subject || "message")}.eml`;
      return { ...base, saved_path: (await files.saveDownload(name, mime)).path };
    }
    const limit = Math.min(INLINE_LIMIT_BYTES, files.maxBytes);
    if (mime.length > limit) {
      throw new EwsError(`The message is ${mime.length} bytes of MIME, over ${limit} inline`, {
        kind: "invalid_input",
        hint: files.canSave
          ? "Call again with save_to_file: true."
          : "Set EWS_DOWNLOAD_DIR to save large messages to files.",
      });
    }
    return { ...base, mime: new TextDecoder().decode(mime) };
  },
});
