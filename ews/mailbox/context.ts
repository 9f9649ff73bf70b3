/**
 * A mailbox context is everything an EWS call needs to act for someone: the address, how we get
 * in (as ourselves, by impersonation, or as a delegate), the SOAP/HTTP routing that follows from
 * that, and how distinguished folders are addressed. Tools never build impersonation or
 * delegate XML themselves; operations ask the context.
 */
import type { RequestTarget } from "../client.ts";
import { x, type XmlNode } from "../xml/mod.ts";

export type AccessKind = "primary" | "impersonation" | "delegate";

export interface MailboxContext {
  /** SMTP address of the mailbox acted on. */
  readonly mailbox: string;
  readonly access: AccessKind;
  /** SOAP impersonation target and X-AnchorMailbox for every request. */
  readonly target: RequestTarget;
}

export function primaryContext(mailbox: string): MailboxContext {
  return { mailbox, access: "primary", target: { anchorMailbox: mailbox } };
}

export function impersonationContext(mailbox: string): MailboxContext {
  return {
    mailbox,
    access: "impersonation",
    target: { impersonate: mailbox, anchorMailbox: mailbox },
  };
}

/**
 * Delegate access: we act as ourselves (no impersonation header) and name the other mailbox in
 * every distinguished folder id; requests are still routed to that mailbox's server.
 */
export function delegateContext(mailbox: string): MailboxContext {
  return { mailbox, access: "delegate", target: { anchorMailbox: mailbox, delegate: true } };
}

/**
 * `<t:DistinguishedFolderId Id="inbox"/>`, naming the mailbox when acting as a delegate so the
 * server never silently falls back to the caller's own folder.
 */
export function distinguishedFolderId(ctx: MailboxContext, id: string): XmlNode {
  return x(
    "t:DistinguishedFolderId",
    { Id: id },
    ctx.access === "delegate" &&
      x("t:Mailbox", null, x("t:EmailAddress", null, ctx.mailbox)),
  );
}
