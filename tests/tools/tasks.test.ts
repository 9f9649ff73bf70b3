/**
 * Task tools against the simulator (requests validated against the schema): the life of a task,
 * filters and paging, recurrence, errors, access modes and request counts.
 */
import assert from "node:assert/strict";
import { startHarness } from "../support/harness.ts";
import {
  assertExchangesValid,
  assertRefusedBeforeSending,
  counted,
  startDelegateHarness,
} from "../support/requests.ts";
import { shareFolder } from "../support/folder_grants.ts";

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
    await assertExchangesValid(h);
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
    await assertExchangesValid(h);
  } finally {
    await h.close();
  }
});

Deno.test("completing a recurring task keeps the done occurrence and moves the task on, until its series ends", async () => {
  const h = await startHarness({ validateSchema: true, record: true });
  try {
    const zone = { time_zone: "Europe/Berlin" };
    const created = await h.call("create_task", {
      subject: "Water the plants",
      start_date: "2030-03-22",
      due_date: "2030-03-25",
      reminder: "2030-03-25T09:00",
      recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
      ...zone,
    });
    assert.equal(created.isError, false, created.text);
    const id = created.data.id;

    const first = await counted(h, () => h.call("complete_task", { task_id: id, ...zone }));
    assert.equal(first.result.isError, false, first.result.text);
    assert.deepEqual(first.ops, { UpdateItem: 1, GetItem: 1 }, "the next dates cost one GetItem");
    const { completed_id, ...rest } = first.result.data;
    assert.ok(completed_id && completed_id !== id, "the done occurrence is a task of its own");
    assert.deepEqual(rest, {
      id,
      status: "Completed",
      // A week on, across the change to summer time: still Monday in Berlin.
      next_start_date: "2030-03-29",
      next_due_date: "2030-04-01",
      mailbox: "alex@contoso.test",
    });

    const all = async () =>
      (await h.call("get_tasks", { include_completed: true, due_from: "2030-03-01", ...zone }))
        .data.tasks.filter((t: Task) => t.subject === "Water the plants");
    const [copy, series] = await all();
    assert.deepEqual(
      { id: copy.id, status: copy.status, due: copy.due_date, recurring: copy.is_recurring },
      { id: completed_id, status: "Completed", due: "2030-03-25", recurring: undefined },
    );
    assert.deepEqual(
      {
        status: series.status,
        start: series.start_date,
        due: series.due_date,
        reminder: series.reminder,
        recurring: series.is_recurring,
      },
      {
        status: "NotStarted",
        start: "2030-03-29",
        due: "2030-04-01",
        reminder: "2030-04-01T07:00:00.000Z",
        recurring: true,
      },
      "the reminder moves with the task and keeps its local time",
    );

    const second = await h.call("update_task", { task_id: id, percent_complete: 100, ...zone });
    assert.equal(second.isError, false, second.text);
    assert.equal(second.data.next_due_date, "2030-04-08", "100% completes an occurrence too");

    const last = await counted(h, () => h.call("complete_task", { task_id: id, ...zone }));
    assert.deepEqual(last.ops, { UpdateItem: 1 });
    assert.deepEqual(last.result.data, { id, status: "Completed", mailbox: "alex@contoso.test" });
    const done = await all();
    assert.deepEqual(
      done.map((t: Task) => [t.status, t.due_date]),
      [["Completed", "2030-03-25"], ["Completed", "2030-04-01"], ["Completed", "2030-04-08"]],
      "three occurrences, all done; the series ended with its count",
    );
    await assertExchangesValid(h);
  } finally {
    await h.close();
  }
});

Deno.test("a completion is never retried (a retry could complete the next occurrence too); other changes are", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    const created = await h.call("create_task", {
      subject: "Weekly report",
      due_date: "2030-05-06",
      recurrence: "FREQ=WEEKLY;BYDAY=MO",
    });
    const task_id = created.data.id;
    h.sim.resetStats();
    h.sim.failNext(1);
    const busy = await h.call("complete_task", { task_id });
    assert.equal(busy.isError, true, "Exchange was busy: an honest error");
    assert.deepEqual(h.sim.stats.byOperation, { UpdateItem: 1 }, "sent once, not retried");

    h.sim.resetStats();
    h.sim.failNext(1);
    const renamed = await h.call("update_task", { task_id, subject: "Weekly status report" });
    assert.equal(renamed.isError, false, renamed.text);
    assert.deepEqual(h.sim.stats.byOperation, { UpdateItem: 2 }, "a rename is retried");
  } finally {
    await h.close();
  }
});

Deno.test("task tools refuse bad input before any request", async () => {
  const h = await startHarness({ validateSchema: true });
  try {
    await assertRefusedBeforeSending(h, [
      ["create_task", { due_date: "2030-01-01" }, /subject/],
      ["create_task", { subject: "x", due_date: "tomorrow" }, /YYYY-MM-DD/],
      ["create_task", { subject: "x", percent_complete: 150 }, /percent_complete/],
      ["create_task", { subject: "x", recurrence: "FREQ=SECONDLY" }, /FREQ must be/],
      ["get_tasks", { status: ["Someday"] }, /status/],
      ["update_task", { task_id: "abc" }, /Nothing to change/],
    ]);
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
  const delegate = await startDelegateHarness();
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
