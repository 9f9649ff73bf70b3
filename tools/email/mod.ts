/** Mail: find, read, send, reply, draft, change, move and delete messages; follow changes. */
import type { ToolModule } from "../tool.ts";
import { copyEmail } from "./copy_email.ts";
import { createDraftTool } from "./create_draft.ts";
import { deleteEmail } from "./delete_email.ts";
import { forwardEmail } from "./forward_email.ts";
import { getChanges } from "./get_changes.ts";
import { getConversationTool } from "./get_conversation.ts";
import { getEmailDetails } from "./get_email_details.ts";
import { getEmailsBulk } from "./get_emails_bulk.ts";
import { markAllReadTool } from "./mark_all_read.ts";
import { moveEmail } from "./move_email.ts";
import { readEmails } from "./read_emails.ts";
import { replyEmail } from "./reply_email.ts";
import { searchEmails } from "./search_emails.ts";
import { sendDraftTool } from "./send_draft.ts";
import { sendEmail } from "./send_email.ts";
import { updateDraftTool } from "./update_draft.ts";
import { updateEmail } from "./update_email.ts";

export const emailTools: ToolModule = {
  area: "email",
  tools: [
    readEmails,
    searchEmails,
    getEmailDetails,
    getEmailsBulk,
    getConversationTool,
    getChanges,
    sendEmail,
    replyEmail,
    forwardEmail,
    createDraftTool,
    updateDraftTool,
    sendDraftTool,
    updateEmail,
    moveEmail,
    copyEmail,
    deleteEmail,
    markAllReadTool,
  ],
};
