/**
 * The organisation: its mailboxes, who may sign in with which password, and who may act for
 * whom. Two kinds of rights exist, as in Exchange: ApplicationImpersonation (a service account
 * acts as the user, via the ExchangeImpersonation header) and delegate access (a user opens
 * folders of another mailbox that granted it).
 */
import { Mailbox, type NewMessage } from "./mailbox.ts";
import { Permissions } from "./permissions.ts";
import type { EmailAddress, MessageItem } from "./types.ts";

export interface MailboxInit {
  address: string;
  displayName: string;
  password: string;
}

export interface OrganisationOptions {
  /** NetBIOS-style domain accepted in `DOMAIN\user` sign-ins, e.g. `CONTOSO`. */
  netbiosName?: string;
  /** Clock for received/sent times of new mail; tests pin it. */
  now?: () => Date;
}

/** A message being sent: recipients as addresses, content as for `Mailbox.addMessage`. */
export type OutgoingMessage = Omit<
  NewMessage,
  "from" | "isRead" | "isFromMe" | "received" | "sent"
>;

export class Organisation {
  readonly domain: string;
  readonly netbiosName: string;
  readonly now: () => Date;
  readonly #mailboxes = new Map<string, Mailbox>();
  /** account → mailboxes it may impersonate */
  readonly #impersonation = new Map<string, Set<string>>();
  /** owner → delegates it granted */
  readonly #delegates = new Map<string, Set<string>>();
  /** Folder permissions, Full Access, SendAs and SendOnBehalf (see permissions.ts). */
  readonly permissions = new Permissions();

  constructor(domain: string, options: OrganisationOptions = {}) {
    this.domain = domain.toLowerCase();
    this.netbiosName = (options.netbiosName ?? domain.split(".")[0]).toUpperCase();
    this.now = options.now ?? (() => new Date());
  }

  addMailbox(init: MailboxInit): Mailbox {
    const mailbox = new Mailbox(init, this.now);
    if (this.#mailboxes.has(mailbox.address)) throw new Error(`Mailbox ${mailbox.address} exists`);
    this.#mailboxes.set(mailbox.address, mailbox);
    return mailbox;
  }

  /** A mailbox by SMTP address (case-insensitive). */
  mailbox(address: string): Mailbox | undefined {
    return this.#mailboxes.get(address.trim().toLowerCase());
  }

  /** Like `mailbox`, for setup code where absence is a bug. */
  requireMailbox(address: string): Mailbox {
    const mailbox = this.mailbox(address);
    if (!mailbox) throw new Error(`No mailbox ${address}`);
    return mailbox;
  }

  get mailboxes(): Mailbox[] {
    return [...this.#mailboxes.values()];
  }

  /**
   * The account a sign-in name refers to: an SMTP address / UPN, `DOMAIN\user`, or the bare
   * local part, as IIS accepts for Basic authentication against Exchange.
   */
  account(userName: string): Mailbox | undefined {
    const name = userName.trim().toLowerCase();
    const backslash = name.indexOf("\\");
    if (backslash >= 0) {
      const domain = name.slice(0, backslash);
      if (domain !== this.netbiosName.toLowerCase() && domain !== this.domain) return undefined;
      return this.mailbox(`${name.slice(backslash + 1)}@${this.domain}`);
    }
    if (name.includes("@")) return this.mailbox(name);
    return this.mailbox(`${name}@${this.domain}`);
  }

  /** The mailbox whose credentials these are, or undefined. */
  authenticate(userName: string, password: string): Mailbox | undefined {
    const mailbox = this.account(userName);
    return mailbox && mailbox.password === password ? mailbox : undefined;
  }

  grantImpersonation(account: string, target: string): void {
    const from = this.requireMailbox(account).address;
    const to = this.requireMailbox(target).address;
    let set = this.#impersonation.get(from);
    if (!set) this.#impersonation.set(from, set = new Set());
    set.add(to);
  }

  mayImpersonate(account: string, target: string): boolean {
    return this.#impersonation.get(account.toLowerCase())?.has(target.toLowerCase()) ?? false;
  }

  /**
   * `owner` adds `delegate` as Outlook's delegate dialog does by default: Editor on Inbox and
   * Calendar, and SendOnBehalf. Nothing else: other folders stay closed.
   */
  grantDelegate(owner: string, delegate: string): void {
    const from = this.requireMailbox(owner).address;
    const to = this.requireMailbox(delegate).address;
    let set = this.#delegates.get(from);
    if (!set) this.#delegates.set(from, set = new Set());
    set.add(to);
    this.permissions.grantFolder(from, "inbox", to, "Editor");
    this.permissions.grantFolder(from, "calendar", to, "Editor");
    this.permissions.grantSendOnBehalf(from, to);
  }

  /** Full Access to `owner`'s mailbox (every folder, every right); not a send right. */
  grantFullAccess(owner: string, user: string): void {
    this.permissions.grantFullAccess(
      this.requireMailbox(owner).address,
      this.requireMailbox(user).address,
    );
  }

  /** True when `user` holds any right in `owner`'s mailbox (its own, Full Access, a folder). */
  mayAccess(user: string, owner: string): boolean {
    return this.permissions.hasAnyAccess(owner, user);
  }

  delegatesOf(owner: string): string[] {
    return [...(this.#delegates.get(owner.toLowerCase()) ?? [])];
  }

  /** Fills in the display name of addresses in the organisation. */
  normaliseAddress(address: EmailAddress): EmailAddress {
    const mailbox = this.mailbox(address.emailAddress);
    if (mailbox) return { ...mailbox.emailAddress, name: address.name || mailbox.displayName };
    return {
      name: address.name || address.emailAddress,
      emailAddress: address.emailAddress,
      routingType: "SMTP",
      mailboxType: "OneOff",
    };
  }

  /**
   * Sends a message as `sender`: each recipient mailbox of the organisation gets an unread copy
   * in its Inbox (Bcc hidden), external recipients are accepted and dropped. Returns the sent
   * copy when `saveCopyIn` names a folder of the sender.
   */
  send(
    sender: Mailbox,
    message: OutgoingMessage,
    saveCopyIn?: string,
    /** `onBehalfOf`: From is that mailbox, Sender the sender; `saveIn`: whose folder gets the copy. */
    options: { onBehalfOf?: Mailbox; saveIn?: Mailbox } = {},
  ): { delivered: MessageItem[]; saved?: MessageItem } {
    const now = this.now();
    const to = (message.to ?? []).map((a) => this.normaliseAddress(a));
    const cc = (message.cc ?? []).map((a) => this.normaliseAddress(a));
    const bcc = (message.bcc ?? []).map((a) => this.normaliseAddress(a));
    const internetMessageId = message.internetMessageId ??
      `<${crypto.randomUUID().replaceAll("-", "")}@${sender.address.split("@")[1]}>`;
    const content = {
      ...message,
      to,
      cc,
      internetMessageId,
      from: (options.onBehalfOf ?? sender).emailAddress,
      sender: sender.emailAddress,
      sent: now,
      received: now,
    };
    const delivered: MessageItem[] = [];
    const seen = new Set<string>();
    for (const recipient of [...to, ...cc, ...bcc]) {
      const mailbox = this.mailbox(recipient.emailAddress);
      if (!mailbox || seen.has(mailbox.address)) continue;
      seen.add(mailbox.address);
      delivered.push(mailbox.addMessage("inbox", { ...content, isRead: false, isDraft: false }));
    }
    const saved = saveCopyIn
      ? (options.saveIn ?? sender).addMessage(saveCopyIn, {
        ...content,
        bcc,
        isRead: true,
        isDraft: false,
        isFromMe: true,
      })
      : undefined;
    if (saved) saved.isSubmitted = true;
    return { delivered, saved };
  }
}
