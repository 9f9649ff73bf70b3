/** Out-of-office (automatic replies): GetUserOofSettings and SetUserOofSettings. */
import type { EwsClient } from "../client.ts";
import { EwsError } from "../errors.ts";
import type { MailboxContext } from "../mailbox/context.ts";
import { readResponseMessage, throwIfError } from "../soap/reply.ts";
import type { OofAudience, OofSettings, OofState } from "../types.ts";
import { find, textOf, x } from "../xml/mod.ts";

const mailboxXml = (ctx: MailboxContext) => x("t:Mailbox", null, x("t:Address", null, ctx.mailbox));

export async function getOofSettings(client: EwsClient, ctx: MailboxContext): Promise<OofSettings> {
  const reply = await client.call(
    x("m:GetUserOofSettingsRequest", null, mailboxXml(ctx)),
    ctx.target,
    { idempotent: true },
  );
  const status = find(reply.body, "m:ResponseMessage");
  if (status) throwIfError(readResponseMessage(status), ctx.mailbox);
  const settings = find(reply.body, "t:OofSettings");
  if (!settings) {
    throw new EwsError("Exchange returned no out-of-office settings", { kind: "server" });
  }
  const allow = textOf(reply.body, "m:AllowExternalOof") ??
    textOf(reply.body, "t:AllowExternalOof");
  return {
    state: (textOf(settings, "t:OofState") ?? "Disabled") as OofState,
    externalAudience: (textOf(settings, "t:ExternalAudience") ?? "None") as OofAudience,
    start: textOf(settings, "t:Duration/t:StartTime"),
    end: textOf(settings, "t:Duration/t:EndTime"),
    internalReply: textOf(settings, "t:InternalReply/t:Message") ?? "",
    externalReply: textOf(settings, "t:ExternalReply/t:Message") ?? "",
    allowExternalOof: allow as OofAudience | undefined,
  };
}

export async function setOofSettings(
  client: EwsClient,
  ctx: MailboxContext,
  settings: Omit<OofSettings, "allowExternalOof">,
): Promise<void> {
  const reply = await client.call(
    x(
      "m:SetUserOofSettingsRequest",
      null,
      mailboxXml(ctx),
      x(
        "t:UserOofSettings",
        null,
        x("t:OofState", null, settings.state),
        x("t:ExternalAudience", null, settings.externalAudience),
        settings.start && settings.end &&
          x(
            "t:Duration",
            null,
            x("t:StartTime", null, settings.start),
            x("t:EndTime", null, settings.end),
          ),
        x("t:InternalReply", null, x("t:Message", null, settings.internalReply)),
        x("t:ExternalReply", null, x("t:Message", null, settings.externalReply)),
      ),
    ),
    ctx.target,
    // Setting the same state twice is harmless, so throttled retries are fine.
    { idempotent: true },
  );
  const status = find(reply.body, "m:ResponseMessage");
  if (status) throwIfError(readResponseMessage(status), ctx.mailbox);
}
