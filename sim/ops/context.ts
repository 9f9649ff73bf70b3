/** What every operation handler receives. */
import type { XmlElement, XmlNode } from "../../ews/xml/mod.ts";
import type { Mailbox } from "../store/mailbox.ts";
import type { Organisation } from "../store/organisation.ts";

export interface OperationContext {
  organisation: Organisation;
  /** The signed-in account. */
  caller: Mailbox;
  /** Whose rights the request runs with: the impersonated user, else the caller. */
  actingAs: Mailbox;
  /** `RequestServerVersion/@Version`; Exchange2013 when absent (what Exchange 2016 assumes). */
  requestVersion: string;
  /** `TimeZoneContext` id, if the client sent one (replies stay in UTC, like Exchange). */
  timeZoneId?: string;
}

/**
 * Handles the operation element (`m:GetItem`, ...) and returns its response element; a promise
 * where work must wait (CreateItem parsing MIME), with every change made after the wait.
 */
export type OperationHandler = (
  request: XmlElement,
  context: OperationContext,
) => XmlNode | Promise<XmlNode>;
