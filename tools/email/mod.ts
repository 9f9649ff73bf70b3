/** Mail: list, read and send messages. */
import type { ToolModule } from "../tool.ts";
import { getEmailDetails } from "./get_email_details.ts";
import { readEmails } from "./read_emails.ts";
import { sendEmail } from "./send_email.ts";

export const emailTools: ToolModule = {
  area: "email",
  tools: [readEmails, getEmailDetails, sendEmail],
};
