/** Attachments: list, read or save, add, delete; a message as MIME. */
import type { ToolModule } from "../tool.ts";
import { addAttachment } from "./add_attachment.ts";
import { deleteAttachment } from "./delete_attachment.ts";
import { downloadAttachment } from "./download_attachment.ts";
import { getEmailMime } from "./get_email_mime.ts";
import { listAttachmentsTool } from "./list_attachments.ts";

export const attachmentTools: ToolModule = {
  area: "attachments",
  tools: [listAttachmentsTool, downloadAttachment, addAttachment, deleteAttachment, getEmailMime],
};
