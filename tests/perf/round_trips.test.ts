/**
 * How many EWS requests each tool makes, per operation, counted by the simulator. Every tool the
 * server defines must have an entry here: a tool without one fails the first test, so a new tool
 * cannot land without its count. Counts are deterministic; they are the floor EWS allows (see
 * each entry's note), so a change that adds a round trip fails here.
 */
import assert from "node:assert/strict";
import { toolsetToolDefinitions } from "../../server/toolset_tools.ts";
import { TOOL_MODULES } from "../../tools/registry.ts";
import { type Harness, startHarness } from "../support/harness.ts";

type Ops = Record<string, number>;

interface Case {
  /** What the call does, and why this is the floor. */
  note: string;
  args: (h: Harness) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** EWS requests per operation name. */
  requests: Ops;
}

const target = (mailbox?: string) => (mailbox ? { target_mailbox: mailbox } : {});

const newestId = async (h: Harness, mailbox?: string) =>
  (await h.call("read_emails", { max_results: 1, ...target(mailbox) })).data.emails[0].id as string;

const newestIds = async (h: Harness, n: number) =>
  (await h.call("read_emails", { max_results: n })).data.emails.map((e: { id: string }) => e.id);

/** A message with attachments, and its attachments' ids. */
const withAttachments = async (h: Harness) => {
  const found = await h.call("search_emails", { has_attachments: true, max_results: 1 });
  const email_id = found.data.emails[0].id as string;
  const listed = await h.call("list_attachments", { email_id });
  return { email_id, attachment_id: listed.data.attachments[0].id as string };
};

const newDraft = async (h: Harness) =>
  (await h.call("create_draft", { to: ["pat@contoso.test"], subject: "Draft", body: "Text" }))
    .data.draft_id as string;

const WINDOW = { start: "2030-03-05T10:00", end: "2030-03-05T11:00", time_zone: "Europe/Berlin" };

const newEvent = async (h: Harness, extra: Record<string, unknown> = {}) =>
  (await h.call("create_appointment", { subject: "Round trips", ...WINDOW, ...extra })).data
    .id as string;

const newContact = async (h: Harness) =>
  (await h.call("create_contact", { display_name: "Round Trips", emails: ["rt@example.com"] }))
    .data.id as string;

const newTask = async (h: Harness) =>
  (await h.call("create_task", { subject: "Round trips" })).data.id as string;

let folders = 0;
/** A new folder below the Inbox, by its path. */
const newFolder = async (h: Harness) => {
  const name = `Round trips ${++folders}`;
  const created = await h.call("create_folder", { name, parent_folder: "inbox" });
  assert.equal(created.isError, false, created.text);
  return `Inbox/${name}`;
};

/** Every tool, by name: the calls it is measured with, in order (later ones see earlier caches). */
export const ROUND_TRIPS: Record<string, Case[]> = {
  read_emails: [
    {
      note: "a page without bodies: FindItem returns the summary properties itself",
      args: () => ({ max_results: 50 }),
      requests: { FindItem: 1 },
    },
    {
      note: "with bodies: FindItem for the ids, one batched GetItem (FindItem returns no bodies)",
      args: () => ({ max_results: 50, include_body: true }),
      requests: { FindItem: 1, GetItem: 1 },
    },
    {
      note: "another mailbox, first use: no probe, its first call is the check",
      args: () => ({ target_mailbox: "pat@contoso.test" }),
      requests: { FindItem: 1 },
    },
    {
      note: "a folder path, first use: one FindFolder for the tree below the Inbox",
      args: () => ({ folder: "Inbox/Projects" }),
      requests: { FindFolder: 1, FindItem: 1 },
    },
    {
      note: "the same path again: the tree is cached per mailbox",
      args: () => ({ folder: "inbox/projects" }),
      requests: { FindItem: 1 },
    },
  ],
  search_emails: [
    {
      note: "one FindItem with the restriction",
      args: () => ({ subject: "meeting" }),
      requests: { FindItem: 1 },
    },
  ],
  get_email_details: [
    {
      note: "one GetItem; the id's owner is known from the listing that gave it",
      args: async (h) => ({ email_id: await newestId(h) }),
      requests: { GetItem: 1 },
    },
  ],
  get_emails_bulk: [
    {
      note: "one batched GetItem for all the ids",
      args: async (h) => ({ email_ids: await newestIds(h, 5) }),
      requests: { GetItem: 1 },
    },
  ],
  get_conversation: [
    {
      note: "the message's conversation id (GetItem), then the thread (GetConversationItems)",
      args: async (h) => ({ email_id: await newestId(h) }),
      requests: { GetConversationItems: 1, GetItem: 1 },
    },
  ],
  get_changes: [
    {
      note: "one SyncFolderItems",
      args: () => ({}),
      requests: { SyncFolderItems: 1 },
    },
  ],
  send_email: [
    {
      note: "without a key: one CreateItem (SendAndSaveCopy)",
      args: () => ({ to: ["pat@contoso.test"], subject: "Round trips", body: "Hello" }),
      requests: { CreateItem: 1 },
    },
    {
      note: "with a key this server has not seen: one FindItem in Sent Items for it first, " +
        "then the CreateItem carrying it",
      args: () => ({
        to: ["pat@contoso.test"],
        subject: "Round trips",
        body: "Hello",
        idempotency_key: crypto.randomUUID(),
      }),
      requests: { FindItem: 1, CreateItem: 1 },
    },
  ],
  reply_email: [
    {
      note: "without a key: one CreateItem (ReplyToItem, SendAndSaveCopy)",
      args: async (h) => ({ email_id: await newestId(h), body: "Thanks" }),
      requests: { CreateItem: 1 },
    },
    {
      note: "with a new key: FindItem for it, the reply saved as a draft (a response object " +
        "takes no extended property), one UpdateItem that marks and sends it",
      args: async (h) => ({
        email_id: await newestId(h),
        body: "Thanks",
        idempotency_key: crypto.randomUUID(),
      }),
      requests: { FindItem: 1, CreateItem: 1, UpdateItem: 1 },
    },
  ],
  forward_email: [
    {
      note: "without a key: one CreateItem (ForwardItem, SendAndSaveCopy)",
      args: async (h) => ({ email_id: await newestId(h), to: ["pat@contoso.test"] }),
      requests: { CreateItem: 1 },
    },
    {
      note: "with a new key: FindItem, the forward as a draft, one UpdateItem marking and sending",
      args: async (h) => ({
        email_id: await newestId(h),
        to: ["pat@contoso.test"],
        idempotency_key: crypto.randomUUID(),
      }),
      requests: { FindItem: 1, CreateItem: 1, UpdateItem: 1 },
    },
  ],
  create_draft: [
    {
      note: "one CreateItem (SaveOnly)",
      args: () => ({ to: ["pat@contoso.test"], subject: "Draft", body: "Text" }),
      requests: { CreateItem: 1 },
    },
  ],
  update_draft: [
    {
      note: "one UpdateItem",
      args: async (h) => ({ draft_id: await newDraft(h), subject: "Changed" }),
      requests: { UpdateItem: 1 },
    },
  ],
  send_draft: [
    {
      note: "without a key: one SendItem for all the drafts",
      args: async (h) => ({ draft_ids: [await newDraft(h)] }),
      requests: { SendItem: 1 },
    },
    {
      note: "with a new key: FindItem, then one UpdateItem that marks and sends all the drafts",
      args: async (h) => ({
        draft_ids: [await newDraft(h), await newDraft(h)],
        idempotency_key: crypto.randomUUID(),
      }),
      requests: { FindItem: 1, UpdateItem: 1 },
    },
  ],
  update_email: [
    {
      note: "one batched UpdateItem",
      args: async (h) => ({ email_ids: await newestIds(h, 2), is_read: true }),
      requests: { UpdateItem: 1 },
    },
  ],
  move_email: [
    {
      note: "one MoveItem",
      args: async (h) => ({ email_ids: [await newestId(h)], folder: "junkemail" }),
      requests: { MoveItem: 1 },
    },
  ],
  copy_email: [
    {
      note: "one CopyItem",
      args: async (h) => ({ email_ids: [await newestId(h)], folder: "drafts" }),
      requests: { CopyItem: 1 },
    },
  ],
  delete_email: [
    {
      note: "one DeleteItem",
      args: async (h) => ({ email_ids: [await newestId(h)] }),
      requests: { DeleteItem: 1 },
    },
  ],
  mark_all_read: [
    {
      note: "one MarkAllItemsAsRead",
      args: () => ({}),
      requests: { MarkAllItemsAsRead: 1 },
    },
  ],
  list_attachments: [
    {
      note: "one GetItem for the attachment list",
      args: async (h) => ({ email_id: (await withAttachments(h)).email_id }),
      requests: { GetItem: 1 },
    },
  ],
  download_attachment: [
    {
      note: "one GetAttachment",
      args: async (h) => ({ attachment_id: (await withAttachments(h)).attachment_id }),
      requests: { GetAttachment: 1 },
    },
  ],
  add_attachment: [
    {
      note: "one CreateAttachment",
      args: async (h) => ({
        email_id: await newDraft(h),
        attachments: [{ name: "a.txt", content_base64: "aGVsbG8=" }],
      }),
      requests: { CreateAttachment: 1 },
    },
  ],
  delete_attachment: [
    {
      note: "one DeleteAttachment",
      args: async (h) => ({ attachment_ids: [(await withAttachments(h)).attachment_id] }),
      requests: { DeleteAttachment: 1 },
    },
  ],
  get_email_mime: [
    {
      note: "one GetItem with the MIME content",
      args: async (h) => ({ email_id: await newestId(h) }),
      requests: { GetItem: 1 },
    },
  ],
  list_folders: [
    {
      note: "the labels (one GetFolder batch) and the tree (one FindFolder), in parallel",
      args: () => ({}),
      requests: { GetFolder: 1, FindFolder: 1 },
    },
  ],
  find_folder: [
    {
      note: "by name: one FindFolder below the top of the mailbox",
      args: () => ({ name: "projects" }),
      requests: { FindFolder: 1 },
    },
  ],
  create_folder: [
    {
      note: "one CreateFolder",
      args: () => ({ name: "Created", parent_folder: "inbox" }),
      requests: { CreateFolder: 1 },
    },
  ],
  rename_folder: [
    {
      note: "the path's tree (new since the create), then one UpdateFolder",
      args: async (h) => ({ folder: await newFolder(h), new_name: "Renamed" }),
      requests: { FindFolder: 1, UpdateFolder: 1 },
    },
  ],
  move_folder: [
    {
      note: "the path's tree, then one MoveFolder",
      args: async (h) => ({ folder: await newFolder(h), destination: "deleteditems" }),
      requests: { FindFolder: 1, MoveFolder: 1 },
    },
  ],
  delete_folder: [
    {
      note: "the path's tree, then one DeleteFolder",
      args: async (h) => ({ folder: await newFolder(h) }),
      requests: { FindFolder: 1, DeleteFolder: 1 },
    },
  ],
  empty_folder: [
    {
      note: "the path's tree, then one EmptyFolder",
      args: async (h) => ({ folder: await newFolder(h) }),
      requests: { FindFolder: 1, EmptyFolder: 1 },
    },
  ],
  get_oof_settings: [
    {
      note: "one GetUserOofSettings",
      args: () => ({}),
      requests: { GetUserOofSettings: 1 },
    },
  ],
  set_oof_settings: [
    {
      note:
        "Set replaces every setting: what the call leaves is read first, and what Exchange stored is read back",
      args: () => ({ state: "enabled", internal_reply: "Away" }),
      requests: { GetUserOofSettings: 2, SetUserOofSettings: 1 },
    },
  ],
  get_calendar: [
    {
      note: "a week: one FindItem with a CalendarView",
      args: () => ({ start: "2030-03-04T00:00", end: "2030-03-11T00:00" }),
      requests: { FindItem: 1 },
    },
  ],
  get_appointment: [
    {
      note: "one GetItem",
      args: async (h) => ({ event_id: await newEvent(h) }),
      requests: { GetItem: 1 },
    },
  ],
  create_appointment: [
    {
      note: "one CreateItem",
      args: () => ({ subject: "Round trips", ...WINDOW }),
      requests: { CreateItem: 1 },
    },
    {
      note: "with a new key: FindItem for the key in the Calendar, then one CreateItem",
      args: () => ({
        subject: "Round trips",
        ...WINDOW,
        required_attendees: ["pat@contoso.test"],
        idempotency_key: crypto.randomUUID(),
      }),
      requests: { FindItem: 1, CreateItem: 1 },
    },
  ],
  update_appointment: [
    {
      note: "one UpdateItem",
      args: async (h) => ({ event_id: await newEvent(h), subject: "Changed" }),
      requests: { UpdateItem: 1 },
    },
  ],
  delete_appointment: [
    {
      note: "GetItem tells a meeting (cancel) from an appointment, then one DeleteItem",
      args: async (h) => ({ event_id: await newEvent(h) }),
      requests: { GetItem: 1, DeleteItem: 1 },
    },
  ],
  respond_to_meeting: [
    {
      note: "one CreateItem (AcceptItem) in the attendee's mailbox, no probe",
      args: async (h) => {
        await newEvent(h, { subject: "Invitation", required_attendees: ["pat@contoso.test"] });
        const day = await h.call("get_calendar", { ...WINDOW, target_mailbox: "pat@contoso.test" });
        const event = day.data.events.find((e: { subject: string }) => e.subject === "Invitation");
        return { id: event.id, response: "accept", target_mailbox: "pat@contoso.test" };
      },
      requests: { CreateItem: 1 },
    },
    {
      note: "without a response: CreateItem (SaveOnly records it, leaving a draft), DeleteItem " +
        "of that draft (EWS has no way to record a response without one)",
      args: async (h) => {
        await newEvent(h, { subject: "Quiet", required_attendees: ["pat@contoso.test"] });
        const day = await h.call("get_calendar", { ...WINDOW, target_mailbox: "pat@contoso.test" });
        const event = day.data.events.find((e: { subject: string }) => e.subject === "Quiet");
        return {
          id: event.id,
          response: "tentative",
          send_response: false,
          target_mailbox: "pat@contoso.test",
        };
      },
      requests: { CreateItem: 1, DeleteItem: 1 },
    },
  ],
  check_availability: [
    {
      note: "one GetUserAvailability for everyone",
      args: () => ({ emails: ["pat@contoso.test", "alex@contoso.test"], ...WINDOW }),
      requests: { GetUserAvailability: 1 },
    },
  ],
  find_meeting_times: [
    {
      note: "one GetUserAvailability (suggestions and free/busy together)",
      args: () => ({
        attendees: ["alex@contoso.test", "pat@contoso.test"],
        duration_minutes: 60,
        start: "2030-06-04T00:00",
        end: "2030-06-05T00:00",
        time_zone: "Europe/Berlin",
      }),
      requests: { GetUserAvailability: 1 },
    },
  ],
  list_rooms: [
    {
      note: "the room lists, then each list's rooms",
      args: () => ({}),
      requests: { GetRoomLists: 1, GetRooms: 1 },
    },
  ],
  search_contacts: [
    {
      note: "one FindItem in the contacts folder",
      args: () => ({ query: "a" }),
      requests: { FindItem: 1 },
    },
  ],
  get_contact: [
    {
      note: "one GetItem",
      args: async (h) => ({ contact_id: await newContact(h) }),
      requests: { GetItem: 1 },
    },
  ],
  create_contact: [
    {
      note: "one CreateItem",
      args: () => ({ display_name: "Round Trips", emails: ["rt@example.com"] }),
      requests: { CreateItem: 1 },
    },
  ],
  update_contact: [
    {
      note: "one UpdateItem",
      args: async (h) => ({ contact_id: await newContact(h), company: "Contoso" }),
      requests: { UpdateItem: 1 },
    },
  ],
  delete_contact: [
    {
      note: "one DeleteItem",
      args: async (h) => ({ contact_id: await newContact(h) }),
      requests: { DeleteItem: 1 },
    },
  ],
  resolve_names: [
    {
      note: "one ResolveNames",
      args: () => ({ name: "pat" }),
      requests: { ResolveNames: 1 },
    },
  ],
  expand_distribution_list: [
    {
      note: "one ExpandDL",
      args: () => ({ email: "project-team@contoso.test" }),
      requests: { ExpandDL: 1 },
    },
  ],
  get_tasks: [
    {
      note: "one FindItem in the tasks folder",
      args: () => ({}),
      requests: { FindItem: 1 },
    },
  ],
  create_task: [
    {
      note: "one CreateItem",
      args: () => ({ subject: "Round trips" }),
      requests: { CreateItem: 1 },
    },
  ],
  update_task: [
    {
      note: "one UpdateItem",
      args: async (h) => ({ task_id: await newTask(h), subject: "Changed" }),
      requests: { UpdateItem: 1 },
    },
  ],
  complete_task: [
    {
      note: "one UpdateItem",
      args: async (h) => ({ task_id: await newTask(h) }),
      requests: { UpdateItem: 1 },
    },
    {
      note: "a recurring task: UpdateItem (its reply names only the completed copy), then one " +
        "GetItem for the dates of the next occurrence",
      args: async (h) => ({
        task_id: (await h.call("create_task", {
          subject: "Round trips",
          due_date: "2030-05-06",
          recurrence: "FREQ=WEEKLY;BYDAY=MO",
        })).data.id,
      }),
      requests: { UpdateItem: 1, GetItem: 1 },
    },
  ],
  delete_task: [
    {
      note: "one DeleteItem",
      args: async (h) => ({ task_id: await newTask(h) }),
      requests: { DeleteItem: 1 },
    },
  ],
  list_toolsets: [{ note: "no EWS at all", args: () => ({}), requests: {} }],
  enable_toolset: [{
    note: "no EWS at all",
    args: () => ({ toolsets: ["out-of-office"] }),
    requests: {},
  }],
};

const DYNAMIC_TOOLS = Object.values(toolsetToolDefinitions(["email"])).map((tool) => tool.name);

const definedTools = () => [
  ...TOOL_MODULES.flatMap((module) => module.tools.map((tool) => tool.name)),
  ...DYNAMIC_TOOLS,
];

Deno.test("every tool the server defines has a request count here", async () => {
  const h = await startHarness();
  try {
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    const missing = [...new Set([...definedTools(), ...listed])]
      .filter((name) => !ROUND_TRIPS[name]?.length);
    assert.deepEqual(missing, [], "add these tools' request counts to ROUND_TRIPS");
  } finally {
    await h.close();
  }
});

Deno.test("each tool makes exactly its counted EWS requests", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const listed = new Set((await h.client.listTools()).tools.map((t) => t.name));
    for (const [tool, cases] of Object.entries(ROUND_TRIPS)) {
      if (!listed.has(tool)) continue; // dynamic-mode tools: below
      for (const c of cases) {
        const args = await c.args(h);
        h.sim.resetStats();
        const result = await h.call(tool, args);
        assert.equal(result.isError, false, `${tool}: ${result.text}`);
        assert.deepEqual(h.sim.stats.byOperation, c.requests, `${tool}: ${c.note}`);
      }
    }
  } finally {
    await h.close();
  }
});

Deno.test("dynamic-mode tools make no EWS requests", async () => {
  const h = await startHarness({ env: { EWS_TOOLSETS: "email" }, flags: ["--dynamic-toolsets"] });
  try {
    for (const tool of DYNAMIC_TOOLS) {
      for (const c of ROUND_TRIPS[tool]) {
        h.sim.resetStats();
        const result = await h.call(tool, await c.args(h));
        assert.equal(result.isError, false, `${tool}: ${result.text}`);
        assert.deepEqual(h.sim.stats.byOperation, c.requests, `${tool}: ${c.note}`);
      }
    }
  } finally {
    await h.close();
  }
});
