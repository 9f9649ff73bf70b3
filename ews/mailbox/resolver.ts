/**
 * Turns a tool's optional `target_mailbox` into a MailboxContext, without a request of its own:
 * another mailbox is checked by the first real call made in it. That call's failure is worded by
 * `explain` ("not enabled" never gets that far; "access denied" and "no such mailbox" come from
 * the reply), and its success `confirm`s the context, which is then cached. Until then every use
 * is a first use: a refusal reads as one about the whole mailbox, as a probe's would.
 */
import { type Logger, silentLogger } from "../log.ts";
import { normaliseMailboxAddress } from "./address.ts";
import { TtlCache } from "./cache.ts";
import {
  delegateContext,
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
  /** OAuth2 app-only: even the primary mailbox is reached by impersonation (Exchange requires it). */
  alwaysImpersonate?: boolean;
  cacheSize?: number;
  cacheTtlMs?: number;
  logger?: Logger;
}

export class MailboxResolver {
  readonly primary: MailboxContext;
  readonly #options: MailboxResolverOptions;
  readonly #cache: TtlCache<string, MailboxContext>;
  readonly #log: Logger;

  constructor(options: MailboxResolverOptions) {
    this.#options = options;
    this.primary = options.alwaysImpersonate
      ? impersonationContext(options.primaryMailbox)
      : primaryContext(options.primaryMailbox);
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
    const typed = target?.trim();
    if (!typed || typed.toLowerCase() === this.primary.mailbox.toLowerCase()) {
      return Promise.resolve(this.primary);
    }
    let address: string;
    try {
      address = normaliseMailboxAddress(typed);
    } catch (error) {
      return Promise.reject(error);
    }
    if (address.toLowerCase() === this.primary.mailbox.toLowerCase()) {
      return Promise.resolve(this.primary);
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
    return Promise.resolve(
      this.#options.impersonationType === "delegate"
        ? delegateContext(address)
        : impersonationContext(address),
    );
  }

  /** Whether a call in this mailbox has succeeded (the context is cached). */
  isConfirmed(ctx: MailboxContext): boolean {
    return ctx.access === "primary" || this.#cache.get(ctx.mailbox.toLowerCase()) !== undefined;
  }

  /** A call in `ctx` succeeded: the mailbox is reachable, so its context is cached. */
  confirm(ctx: MailboxContext): void {
    if (this.isConfirmed(ctx)) return;
    this.#cache.set(ctx.mailbox.toLowerCase(), ctx);
    this.#log.debug("Mailbox context created", { mailbox: ctx.mailbox, access: ctx.access });
  }

  /**
   * A call in `ctx` failed: says what happened in terms of the mailbox (denied, not found, an id
   * of another mailbox). A refusal before the mailbox was ever reached is about the mailbox as a
   * whole; after that, about the item or folder.
   */
  explain(error: unknown, ctx: MailboxContext): unknown {
    return explainMailboxError(error, ctx.mailbox, this.primary.mailbox, ctx.access, {
      otherAccess: this.otherMailboxAccess,
      probe: !this.isConfirmed(ctx),
    });
  }

  /** Forgets every resolved context (shutdown, or after permissions changed). */
  clear(): void {
    this.#cache.clear();
  }

  get cachedCount(): number {
    return this.#cache.size;
  }
}
