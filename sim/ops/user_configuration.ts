/**
 * GetUserConfiguration. Outlook on the web creates configuration objects such as OWA.UserOptions
 * the first time a user signs in to it; the simulated mailboxes never did, so every name is
 * answered as Exchange answers a missing one.
 */
import { find } from "../../ews/xml/mod.ts";
import type { OperationHandler } from "./context.ts";
import { EwsError } from "./errors.ts";
import { operationResponse, respond } from "./response.ts";
import { resolveFolder } from "./targets.ts";

export const getUserConfiguration: OperationHandler = (request, context) => {
  const name = find(request, "m:UserConfigurationName");
  return operationResponse("GetUserConfiguration", [
    respond("m:GetUserConfigurationResponseMessage", () => {
      const folder = name?.children[0];
      if (!folder) throw new EwsError("ErrorInvalidRequest", "A folder is required.");
      resolveFolder(folder, context);
      throw new EwsError(
        "ErrorItemNotFound",
        `The specified object was not found in the store., The configuration object was not found. Name = ${
          name?.attrs.Name ?? ""
        }.`,
      );
    }),
  ]);
};
