/**
 * CreateItem with `t:MimeContent`: a MIME send reaches the recipients with subject, body and
 * attachment intact; a MIME save keeps headers, dates and parts and reads back as MIME; extended
 * properties set beside the MIME apply (an imported message is not a draft when 0x0E07 says so);
 * unreadable MIME is refused. Every request and reply is checked against the EWS schema.
 */
import assert from "node:assert/strict";
import PostalMime from "postal-mime";
import { find, findAll, x, type XmlElement, type XmlNode } from "../../ews/xml/mod.ts";
import {
  call,
  findItem,
  folderId,
  getItem,
  itemIds,
  messages,
  PAT,
  responseCode,
} from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

const REPORT = "Quarter figures: 42\r\n";

function mime(options: { to?: string; subject: string; date?: string; html?: boolean }): string {
  const boundary = "----=_Part_1";
  return [
    "From: Alex Wilber <alex@contoso.test>",
    ...(options.to ? [`To: Pat Doe <${options.to}>`, "Cc: Sam <sam@fabrikam.test>"] : []),
    `Subject: =?utf-8?B?${
      btoa(String.fromCharCode(...new TextEncoder().encode(options.subject)))
    }?=`,
    `Date: ${options.date ?? "Mon, 02 Jun 2025 08:30:00 +0000"}`,
    "Message-ID: <mime-test-1@contoso.test>",
    "References: <older@contoso.test>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    options.html
      ? 'Content-Type: text/html; charset="utf-8"'
      : 'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: quoted-printable",
    "",
    options.html
      ? "<p>Hello Pat, the report is attached.</p>"
      : "Hello Pat, the report is attached.",
    `--${boundary}`,
    'Content-Type: text/csv; name="report.csv"',
    'Content-Disposition: attachment; filename="report.csv"',
    "Content-Transfer-Encoding: base64",
    "",
    btoa(REPORT),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

const utf8Base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

function createFromMime(
  disposition: string,
  content: string,
  options: { folder?: string; extra?: XmlNode[] } = {},
): XmlNode {
  return x(
    "m:CreateItem",
    { MessageDisposition: disposition },
    options.folder && x("m:SavedItemFolderId", null, folderId(options.folder)),
    x(
      "m:Items",
      null,
      x(
        "t:Message",
        null,
        x("t:MimeContent", { CharacterSet: "UTF-8" }, utf8Base64(content)),
        ...(options.extra ?? []),
      ),
    ),
  );
}

function itemsOf(message: XmlElement): XmlElement[] {
  return (find(message, "m:RootFolder/t:Items") ?? find(message, "m:Items"))?.children ?? [];
}

const subjectIs = (subject: string) =>
  x(
    "t:IsEqualTo",
    null,
    x("t:FieldURI", { FieldURI: "item:Subject" }),
    x("t:FieldURIOrConstant", null, x("t:Constant", { Value: subject })),
  );

Deno.test("A MIME send from alex reaches pat with subject, body and attachment intact", () =>
  withValidatedSimulator(async (sim) => {
    const subject = "Quarterly report – MIME";
    const [sent] = messages(
      await call(
        sim,
        createFromMime("SendAndSaveCopy", mime({ to: "pat@contoso.test", subject })),
      ),
    );
    assert.equal(responseCode(sent), "NoError");
    const [found] = messages(
      await call(
        sim,
        findItem(folderId("inbox"), { shape: "IdOnly", restriction: subjectIs(subject) }),
        { as: PAT },
      ),
    );
    const ids = itemIds(found);
    assert.equal(ids.length, 1, "pat received it once");
    const [got] = messages(
      await call(
        sim,
        getItem(ids, {
          bodyType: "Text",
          properties: ["item:Attachments", "message:From", "message:CcRecipients"],
        }),
        { as: PAT },
      ),
    );
    const [item] = itemsOf(got);
    assert.equal(find(item, "t:Subject")!.text, subject);
    assert.match(find(item, "t:Body")!.text, /Hello Pat, the report is attached\./);
    assert.equal(find(item, "t:From/t:Mailbox/t:EmailAddress")!.text, "alex@contoso.test");
    assert.equal(find(item, "t:IsRead")!.text, "false");
    assert.equal(find(item, "t:CcRecipients/t:Mailbox/t:EmailAddress")!.text, "sam@fabrikam.test");
    const attachment = find(item, "t:Attachments/t:FileAttachment")!;
    assert.equal(find(attachment, "t:Name")!.text, "report.csv");
    const [content] = messages(
      await call(
        sim,
        x(
          "m:GetAttachment",
          null,
          x(
            "m:AttachmentIds",
            null,
            x("t:AttachmentId", { Id: find(attachment, "t:AttachmentId")!.attrs.Id }),
          ),
        ),
        { as: PAT },
      ),
    );
    assert.equal(atob(find(content, "m:Attachments/t:FileAttachment/t:Content")!.text), REPORT);
    // And the sender keeps a copy in Sent Items.
    const [copy] = messages(
      await call(
        sim,
        findItem(folderId("sentitems"), { shape: "IdOnly", restriction: subjectIs(subject) }),
      ),
    );
    assert.equal(itemIds(copy).length, 1);
  }));

Deno.test("A MIME send without recipients is refused and stores nothing", () =>
  withValidatedSimulator(async (sim) => {
    const [refused] = messages(
      await call(sim, createFromMime("SendAndSaveCopy", mime({ subject: "Nobody" }))),
    );
    assert.equal(responseCode(refused), "ErrorInvalidRecipients");
    const [copy] = messages(
      await call(
        sim,
        findItem(folderId("sentitems"), { shape: "IdOnly", restriction: subjectIs("Nobody") }),
      ),
    );
    assert.equal(itemIds(copy).length, 0);
  }));

Deno.test("A MIME save keeps date, headers and parts, reads back as MIME, and honours 0x0E07 beside it", () =>
  withValidatedSimulator(async (sim) => {
    const subject = "Imported message";
    const flags = x(
      "t:ExtendedProperty",
      null,
      x("t:ExtendedFieldURI", { PropertyTag: "0x0E07", PropertyType: "Integer" }),
      x("t:Value", null, "1"),
    );
    const custom = x(
      "t:ExtendedProperty",
      null,
      x("t:ExtendedFieldURI", {
        DistinguishedPropertySetId: "PublicStrings",
        PropertyName: "X-Import",
        PropertyType: "String",
      }),
      x("t:Value", null, "batch-7"),
    );
    const [created] = messages(
      await call(
        sim,
        createFromMime("SaveOnly", mime({ to: "pat@contoso.test", subject, html: true }), {
          folder: "inbox",
          extra: [flags, custom],
        }),
      ),
    );
    assert.equal(responseCode(created), "NoError");
    const id = itemIds(created)[0];
    const [got] = messages(
      await call(
        sim,
        x(
          "m:GetItem",
          null,
          x(
            "m:ItemShape",
            null,
            x("t:BaseShape", null, "Default"),
            x("t:IncludeMimeContent", null, "true"),
            x(
              "t:AdditionalProperties",
              null,
              x("t:FieldURI", { FieldURI: "item:Attachments" }),
              x("t:FieldURI", { FieldURI: "message:References" }),
              x("t:ExtendedFieldURI", {
                DistinguishedPropertySetId: "PublicStrings",
                PropertyName: "X-Import",
                PropertyType: "String",
              }),
            ),
          ),
          x("m:ItemIds", null, x("t:ItemId", { Id: id })),
        ),
      ),
    );
    const [item] = itemsOf(got);
    assert.equal(find(item, "t:Subject")!.text, subject);
    assert.equal(find(item, "t:IsDraft")!.text, "false", "0x0E07 without the unsent bit");
    assert.equal(find(item, "t:IsRead")!.text, "true");
    assert.equal(find(item, "t:DateTimeSent")!.text, "2025-06-02T08:30:00Z");
    assert.equal(find(item, "t:InternetMessageId")!.text, "<mime-test-1@contoso.test>");
    assert.equal(find(item, "t:References")!.text, "<older@contoso.test>");
    assert.equal(find(item, "t:Body")!.attrs.BodyType, "HTML");
    assert.equal(find(item, "t:ExtendedProperty/t:Value")!.text, "batch-7");
    assert.equal(findAll(item, "t:Attachments/t:FileAttachment").length, 1);
    // MIME out: another parser reads the same message back.
    const raw = Uint8Array.from(atob(find(item, "t:MimeContent")!.text), (c) => c.charCodeAt(0));
    const parsed = await PostalMime.parse(raw);
    assert.equal(parsed.subject, subject);
    assert.match(parsed.html ?? "", /the report is attached/);
    assert.equal(parsed.attachments[0].filename, "report.csv");
    assert.equal(new TextDecoder().decode(parsed.attachments[0].content as ArrayBuffer), REPORT);
  }));

Deno.test("A MIME save without message flags is a draft; properties beside the MIME win", () =>
  withValidatedSimulator(async (sim) => {
    const [created] = messages(
      await call(
        sim,
        createFromMime("SaveOnly", mime({ to: "pat@contoso.test", subject: "From MIME" }), {
          extra: [x("t:Subject", null, "Set beside")],
        }),
      ),
    );
    assert.equal(responseCode(created), "NoError");
    const [got] = messages(await call(sim, getItem(itemIds(created))));
    const [item] = itemsOf(got);
    assert.equal(find(item, "t:Subject")!.text, "Set beside");
    assert.equal(find(item, "t:IsDraft")!.text, "true");
    const [drafts] = messages(await call(sim, findItem(folderId("drafts"), { shape: "IdOnly" })));
    assert.ok(itemIds(drafts).includes(itemIds(created)[0]), "saved in Drafts by default");
  }));

Deno.test("MIME that is not base64 is refused with ErrorMimeContentInvalid", () =>
  withValidatedSimulator(async (sim) => {
    const request = x(
      "m:CreateItem",
      { MessageDisposition: "SaveOnly" },
      x("m:Items", null, x("t:Message", null, x("t:MimeContent", null, "@@not base64@@"))),
    );
    const [refused] = messages(await call(sim, request));
    assert.equal(responseCode(refused), "ErrorMimeContentInvalid");
  }));
