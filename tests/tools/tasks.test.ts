/**
 * Task tools against the simulator (requests validated against the schema): the life of a task,
 * filters and paging, recurrence, errors, access modes and request counts.
 */
import assert from "node:assert/strict";
import { type Harness, startHarness } from "../support/harness.ts";
import { shareFolder } from "../support/folder_grants.ts";
import { assertSchemaValid } from "../support/schema.ts";

async function counted<T>(h: Harness, run: () => Promise<T>) {
  const before = { ...h.sim.stats.byOperation };
  const result = await run();
  const delta: Record<string, number> = {};
  for (const [op, n] of Object.entries(h.sim.stats.byOperation)) {
    if (n !== (before[op] ?? 0)) delta[op] = n - (before[op] ?? 0);
  }
  return { result, ops: delta };
}

type Task = { id: string; subject: string; status: string; due_date?: string };

Deno.test("tasks: create, list, change, complete, reopen and delete, one request each", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const created = await counted(h, () =>
      h.call("create_task", {
        subject: "Migrate the print server",
        body: "Old one is out of support.",
        start_date: "2030-04-01",
        due_date: "2030-04-15",
        reminder: "2030-04-14T09:00",
        time_zone: "Europe/Berlin",
        importance: "High",
        categories: ["Infra"],
      }));
    assert.equal(created.result.isError, false, created.result.text);
    assert.deepEqual(created.ops, { CreateItem: 1 });
    const id = created.result.data.id;

    const window = { due_from: "2030-04-15", due_to: "2030-04-15", time_zone: "Europe/Berlin" };
    const listed = await counted(h, () => h.call("get_tasks", window));
    assert.deepEqual(listed.ops, { FindItem: 1 });
    assert.deepEqual(listed.result.data.tasks, [{
      id,
      subject: "Migrate the print server",
      status: "NotStarted",
      start_date: "2030-04-01",
      due_date: "2030-04-15",
      reminder: "2030-04-14T07:00:00.000Z",
      importance: "High",
      categories: ["Infra"],
    }]);

    const changed = await counted(
      h,
      () => h.call("update_task", { task_id: id, percent_complete: 40, reminder: null }),
    );
    assert.deepEqual(changed.ops, { UpdateItem: 1 });
    const progress = (await h.call("get_tasks", window)).data.tasks[0];
    assert.equal(progress.status, "InProgress", "progress starts a task");
    assert.equal(progress.percent_complete, 40);
    assert.equal(progress.reminder, undefined);

    const done = await counted(h, () => h.call("complete_task", { task_id: id }));
    assert.deepEqual(done.ops, { UpdateItem: 1 });
    assert.deepEqual((await h.call("get_tasks", window)).data.tasks, [], "done tasks are hidden");
    const all = await h.call("get_tasks", { ...window, include_completed: true });
    assert.equal(all.data.tasks[0].status, "Completed");
    assert.ok(all.data.tasks[0].completed_date);

    await h.call("complete_task", { task_id: id, completed: false });
    const reopened = (await h.call("get_tasks", window)).data.tasks[0];
    assert.equal(reopened.status, "NotStarted");
    assert.equal(reopened.completed_date, undefined);

    const deleted = await counted(h, () => h.call("delete_task", { task_id: id }));
    assert.deepEqual(deleted.ops, { DeleteItem: 1 });
    assert.deepEqual((await h.call("get_tasks", window)).data.tasks, []);
    await assertSchemaValid(h.sim.exchanges.flatMap((e, i) => [
      { name: `#${i} ${e.operation} request`, xml: e.request },
      { name: `#${i} ${e.operation} reply (${e.status})`, xml: e.response },
    ]));
  } finally {
    await h.close();
  }
});

Deno.test("get_tasks: open tasks soonest first, status filter, paging", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const open = await h.call("get_tasks", {});
    assert.deepEqual(open.data.tasks.map((t: Task) => t.subject), [
      "Renew TLS certificates",
      "Review firewall rules",
    ]);
    const completed = await h.call("get_tasks", { status: ["Completed"] });
    assert.deepEqual(completed.data.tasks.map((t: Task) => t.subject), ["Submit expense report"]);
    const page = await h.call("get_tasks", { include_completed: true, max_results: 2 });
    assert.equal(page.data.total, 3);
    assert.equal(page.data.next_offset, 2);
    assert.equal(page.data.tasks[0].subject, "Submit expense report");
  } finally {
    await h.close();
  }
});

Deno.test("a recurring task keeps its RRULE", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const created = await h.call("create_task", {
      subject: "Check backups",
      due_date: "2030-05-06",
      recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=10",
    });
    assert.equal(created.isError, false, created.text);
    const listed = await h.call("get_tasks", { due_from: "2030-05-06", due_to: "2030-05-06" });
    assert.equal(listed.data.tasks[0].is_recurring, true);
    const cleared = await h.call("update_task", { task_id: created.data.id, recurrence: null });
    assert.equal(cleared.isError, false, cleared.text);
    const after = await h.call("get_tasks", { due_from: "2030-05-06", due_to: "2030-05-06" });
    assert.equal(after.data.tasks[0].is_recurring, undefined);
    await assertSchemaValid(h.sim.exchanges.flatMap((e, i) => [
      { name: `#${i} ${e.operation} request`, xml: e.request },
      { name: `#${i} ${e.operation} reply (${e.status})`, xml: e.response },
    ]));
  } finally {
    await h.close();
  }
});

Deno.test("task tools refuse bad input before any request", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const before = h.sim.stats.requests;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["create_task", { due_date: "2030-01-01" }, /subject/],
      ["create_task", { subject: "x", due_date: "tomorrow" }, /YYYY-MM-DD/],
      ["create_task", { subject: "x", percent_complete: 150 }, /percent_complete/],
      ["create_task", { subject: "x", recurrence: "FREQ=SECONDLY" }, /FREQ must be/],
      ["get_tasks", { status: ["Someday"] }, /status/],
      ["update_task", { task_id: "abc" }, /Nothing to change/],
    ];
    for (const [tool, args, message] of cases) {
      const result = await h.call(tool, args);
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}`);
      assert.match(result.text, message, `${tool}: ${result.text}`);
    }
    assert.equal(h.sim.stats.requests, before, "no request was sent");
  } finally {
    await h.close();
  }
});

Deno.test("tasks of other mailboxes: impersonation, delegation, denial", async () => {
  const impersonating = await startHarness({ validateSchema: true });
  try {
    const pat = await impersonating.call("get_tasks", { target_mailbox: "pat@contoso.test" });
    assert.deepEqual(pat.data.tasks.map((t: Task) => t.subject), [
      "Prepare steering committee deck",
    ]);
    const done = await impersonating.call("complete_task", {
      target_mailbox: "pat@contoso.test",
      task_id: pat.data.tasks[0].id,
    });
    assert.equal(done.isError, false, done.text);
    const denied = await impersonating.call("get_tasks", { target_mailbox: "ceo@contoso.test" });
    assert.equal(denied.isError, true);
  } finally {
    await impersonating.close();
  }
  const delegate = await startHarness({
    validateSchema: true,
    env: { EWS_IMPERSONATION_TYPE: "delegate" },
  });
  shareFolder(delegate, "pat@contoso.test", "tasks", "alex@contoso.test");
  try {
    const created = await delegate.call("create_task", {
      target_mailbox: "pat@contoso.test",
      subject: "Added by alex",
    });
    assert.equal(created.isError, false, created.text);
    const pat = await delegate.call("get_tasks", { target_mailbox: "pat@contoso.test" });
    assert.ok(pat.data.tasks.some((t: Task) => t.subject === "Added by alex"));
    const own = await delegate.call("get_tasks", {});
    assert.ok(!own.data.tasks.some((t: Task) => t.subject === "Added by alex"));
    const denied = await delegate.call("create_task", {
      target_mailbox: "ceo@contoso.test",
      subject: "Not allowed",
    });
    assert.equal(denied.isError, true);
  } finally {
    await delegate.close();
  }
});
