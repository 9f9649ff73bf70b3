/**
 * Turns a tool's optional `target_mailbox` into a MailboxContext. Another mailbox is checked once
 * with a cheap probe (GetFolder on its Inbox, ids only) so that "not enabled", "access denied"
 * and "no such mailbox" surface as clear errors up front; the resolved context is then cached.
 * Concurrent first uses of one mailbox share one probe.
 */
import type { EwsClient } from "../client.ts";
import { EwsError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { singleResponse } from "../soap/reply.ts";
import { x } from "../xml/mod.ts";
import { TtlCache } from "./cache.ts";
import {
  delegateContext,
  distinguishedFolderId,
  impersonationContext,
  type MailboxContext,
  primaryContext,
} from "./context.ts";
import { explainMailboxError, impersonationDisabled } from "./errors.ts";

export type ImpersonationType = "impersonation" | "delegate";

export interface MailboxResolverOptions {
  /** The service account's own mailbox (EWS_EMAIL). */
  primaryMailbox: string;
  impersonationEnabled: boolean;
  impersonationType: ImpersonationType;
  cacheSize?: number;
  cacheTtlMs?: number;
  logger?: Logger;
}

// A deliberately loose check: Exchange is the authority; this only catches obvious typos early.
const SMTP_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export class MailboxResolver {
  readonly primary: MailboxContext;
  readonly #options: MailboxResolverOptions;
  readonly #cache: TtlCache<string, MailboxContext>;
  readonly #pending = new Map<string, Promise<MailboxContext>>();
  readonly #log: Logger;

  constructor(private readonly client: EwsClient, options: MailboxResolverOptions) {
    this.#options = options;
    this.primary = primaryContext(options.primaryMailbox);
    this.#cache = new TtlCache(options.cacheSize ?? 256, options.cacheTtlMs ?? 15 * 60_000);
    this.#log = options.logger ?? silentLogger;
  }

  get serviceAccount(): string {
    return this.#options.primaryMailbox;
  }

  /** How another mailbox would be reached: the configured access type, or `disabled`. */
  get otherMailboxAccess(): ImpersonationType | "disabled" {
    return this.#options.impersonationEnabled ? this.#options.impersonationType : "disabled";
  }

  /** The context for `target` (absent, or the primary address in any case, means primary). */
  resolve(target?: string): Promise<MailboxContext> {
    const address = target?.trim();
    if (!address || address.toLowerCase() === this.primary.mailbox.toLowerCase()) {
      return Promise.resolve(this.primary);
    }
    if (!SMTP_ADDRESS.test(address)) {
      return Promise.reject(
        new EwsError(`Not a valid mailbox address: ${address}`, {
          kind: "invalid_input",
          hint: "Give an SMTP address such as user@example.com.",
        }),
      );
    }
    if (!this.#options.impersonationEnabled) {
      return Promise.reject(impersonationDisabled(address));
    }
    const key = address.toLowerCase();
    const cached = this.#cache.get(key);
    if (cached) {
      this.#log.debug("Mailbox context cache hit", { mailbox: key, access: cached.access });
      return Promise.resolve(cached);
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#probe(address).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  async #probe(address: string): Promise<MailboxContext> {
    const ctx = this.#options.impersonationType === "delegate"
      ? delegateContext(address)
      : impersonationContext(address);
    try {
      const reply = await this.client.call(
        x(
          "m:GetFolder",
          null,
          x("m:FolderShape", null, x("t:BaseShape", null, "IdOnly")),
          x("m:FolderIds", null, distinguishedFolderId(ctx, "inbox")),
        ),
        ctx.target,
        { idempotent: true },
      );
      singleResponse(reply, address);
    } catch (error) {
      throw explainMailboxError(error, address, this.primary.mailbox, ctx.access, { probe: true });
    }
    this.#cache.set(address.toLowerCase(), ctx);
    this.#log.debug("Mailbox context created", { mailbox: address, access: ctx.access });
    return ctx;
  }

  /** Forgets every resolved context (shutdown, or after permissions changed). */
  clear(): void {
    this.#cache.clear();
  }

  get cachedCount(): number {
    return this.#cache.size;
  }
}
