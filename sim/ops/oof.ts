/**
 * Get/SetUserOofSettings. Unlike the item operations these answer with a single
 * `m:ResponseMessage` beside the payload instead of a `ResponseMessages` list, and address the
 * mailbox as `t:Mailbox/t:Address`. Only the mailbox itself (or whoever impersonates it, or holds
 * Full Access) may read or change its automatic replies.
 */
import { find, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { ExternalAudience, OofSettings, OofState } from "../store/types.ts";
import type { OperationContext, OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { errorMessage, ewsDate, successMessage } from "./response.ts";

const STATES: readonly OofState[] = ["Disabled", "Enabled", "Scheduled"];
const AUDIENCES: readonly ExternalAudience[] = ["None", "Known", "All"];

function targetMailbox(request: XmlElement, context: OperationContext): Mailbox {
  const address = find(request, "t:Mailbox/t:Address")?.text.trim() ?? "";
  const mailbox = context.organisation.mailbox(address);
  if (!mailbox) {
    throw new EwsError(
      "ErrorMailRecipientNotFound",
      `The SMTP address "${address}" has no mailbox associated with it.`,
    );
  }
  // The user itself (or whoever impersonates it), or a holder of Full Access; delegates with
  // folder permissions only are refused.
  const permissions = context.organisation.permissions;
  if (!permissions.hasFullAccess(mailbox.address, context.actingAs.address)) {
    throw new EwsError("ErrorAccessDenied");
  }
  return mailbox;
}

function oofSettingsElement(oof: OofSettings): XmlNode {
  return x(
    "t:OofSettings",
    null,
    x("t:OofState", null, oof.state),
    x("t:ExternalAudience", null, oof.externalAudience),
    x(
      "t:Duration",
      null,
      x("t:StartTime", null, ewsDate(oof.start)),
      x("t:EndTime", null, ewsDate(oof.end)),
    ),
    x("t:InternalReply", null, x("t:Message", null, oof.internalReply)),
    x("t:ExternalReply", null, x("t:Message", null, oof.externalReply)),
  );
}

export const getUserOofSettings: OperationHandler = (request, context) => {
  try {
    const mailbox = targetMailbox(request, context);
    return x(
      "m:GetUserOofSettingsResponse",
      null,
      successMessage("m:ResponseMessage"),
      oofSettingsElement(mailbox.oof),
      x("m:AllowExternalOof", null, "All"),
    );
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return x("m:GetUserOofSettingsResponse", null, errorMessage("m:ResponseMessage", error));
  }
};

function parseDate(value: string | undefined): Date {
  const date = new Date(value ?? "");
  if (Number.isNaN(date.getTime())) {
    throw new EwsError("ErrorInvalidOofParameter", "The OOF duration is not a valid date.");
  }
  return date;
}

export const setUserOofSettings: OperationHandler = (request, context) => {
  try {
    const mailbox = targetMailbox(request, context);
    const settings = find(request, "t:UserOofSettings");
    if (!settings) {
      throw new EwsError("ErrorInvalidUserOofSettings", "UserOofSettings is required.");
    }
    const state = find(settings, "t:OofState")?.text.trim() as OofState;
    const audience = find(settings, "t:ExternalAudience")?.text.trim() as ExternalAudience;
    if (!STATES.includes(state) || !AUDIENCES.includes(audience)) {
      throw new EwsError("ErrorInvalidUserOofSettings", "OofState or ExternalAudience is invalid.");
    }
    const next: OofSettings = { ...mailbox.oof, state, externalAudience: audience };
    const duration = find(settings, "t:Duration");
    if (duration) {
      next.start = parseDate(find(duration, "t:StartTime")?.text);
      next.end = parseDate(find(duration, "t:EndTime")?.text);
    }
    if (state === "Scheduled" && (!duration || next.end <= next.start)) {
      throw new EwsError(
        "ErrorInvalidScheduledOofDuration",
        "The end time must be after the start time.",
      );
    }
    const internal = find(settings, "t:InternalReply/t:Message");
    const external = find(settings, "t:ExternalReply/t:Message");
    if (internal) next.internalReply = internal.text;
    if (external) next.externalReply = external.text;
    mailbox.oof = next;
    return x("m:SetUserOofSettingsResponse", null, successMessage("m:ResponseMessage"));
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return x("m:SetUserOofSettingsResponse", null, errorMessage("m:ResponseMessage", error));
  }
};
