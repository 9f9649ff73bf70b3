/**
 * ExpandDL: the members of a distribution list, one level deep as Exchange gives them; nested
 * lists come back with MailboxType PublicDL so a client can expand them in turn.
 */
import { find, x } from "../../ews/xml/mod.ts";
import { distributionList } from "../store/directory.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, respond } from "./response.ts";
import { addressElement } from "./rooms.ts";

export const expandDL: OperationHandler = (request, context) => {
  const org = context.organisation;
  const address = find(request, "m:Mailbox/t:EmailAddress")?.text.trim() ?? "";
  return operationResponse("ExpandDL", [
    respond("m:ExpandDLResponseMessage", () => {
      const list = distributionList(org, address);
      if (!list) {
        throw new EwsError(
          "ErrorNameResolutionNoResults",
        );
      }
      const members = list.members.map((member) => {
        const nested = distributionList(org, member);
        if (nested) return addressElement("t:Mailbox", nested.name, nested.address, "PublicDL");
        const mailbox = org.mailbox(member);
        return mailbox
          ? addressElement("t:Mailbox", mailbox.displayName, mailbox.address, "Mailbox")
          : addressElement("t:Mailbox", member, member, "OneOff");
      });
      return [
        x(
          "m:DLExpansion",
          { TotalItemsInView: String(members.length), IncludesLastItemInRange: "true" },
          ...members,
        ),
      ];
    }),
  ]);
};
