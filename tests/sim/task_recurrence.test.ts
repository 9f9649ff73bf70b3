/**
 * Completing recurring tasks in the simulator, as Exchange does: UpdateItem's reply names the
 * one-off completed copy of the occurrence, and the task moves on (a regenerating pattern counts
 * from the day it was completed) until its range ends.
 */
import assert from "node:assert/strict";
import { find, x, type XmlElement } from "../../ews/xml/mod.ts";
import { call, folderId, getItem, messages, responseCode, setItemField } from "./helpers.ts";
import { withValidatedSimulator } from "./validated.ts";

const idOf = (message: XmlElement) => find(message, "m:Items/t:Task/t:ItemId")!.attrs.Id;

const setStatus = (id: string, status: string) =>
  setItemField(id, "task:Status", x("t:Task", null, x("t:Status", null, status)));

const getTasks = (...ids: string[]) => getItem(ids, { properties: ["task:Recurrence"] });

Deno.test("a regenerating task is due again two weeks after it was completed, twice at most", () =>
  withValidatedSimulator(async (sim) => {
    // The simulator's clock stands at 2025-06-02; the task was due on 20 May.
    const [created] = messages(
      await call(
        sim,
        x(
          "m:CreateItem",
          null,
          x("m:SavedItemFolderId", null, folderId("tasks")),
          x(
            "m:Items",
            null,
            x(
              "t:Task",
              null,
              x("t:Subject", null, "Clean the filters"),
              x("t:DueDate", null, "2025-05-20T00:00:00Z"),
              x(
                "t:Recurrence",
                null,
                x("t:WeeklyRegeneration", null, x("t:Interval", null, 2)),
                x(
                  "t:NumberedRecurrence",
                  null,
                  x("t:StartDate", null, "2025-05-20"),
                  x("t:NumberOfOccurrences", null, 2),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    assert.equal(responseCode(created), "NoError");
    const id = idOf(created);

    const [first] = messages(await call(sim, setStatus(id, "Completed")));
    assert.equal(responseCode(first), "NoError");
    const copyId = idOf(first);
    assert.notEqual(copyId, id, "the reply names the completed copy, not the task");

    const [copy, task] = messages(await call(sim, getTasks(copyId, id))).map((m) =>
      find(m, "m:Items/t:Task")!
    );
    assert.deepEqual(
      ["Status", "DueDate", "IsRecurring"].map((f) => find(copy, `t:${f}`)?.text),
      ["Completed", "2025-05-20T00:00:00Z", "false"],
    );
    assert.deepEqual(
      ["Status", "DueDate", "IsRecurring"].map((f) => find(task, `t:${f}`)?.text),
      ["NotStarted", "2025-06-16T00:00:00Z", "true"],
      "two weeks from the completion day, not from the old due date",
    );
    assert.equal(
      find(task, "t:Recurrence/t:WeeklyRegeneration/t:Interval")?.text,
      "2",
      "the regenerating pattern is kept as sent",
    );

    const [last] = messages(await call(sim, setStatus(id, "Completed")));
    assert.equal(idOf(last), id, "the second of two occurrences ends the series: no copy");
    const [after] = messages(await call(sim, getTasks(id)));
    assert.equal(find(after, "m:Items/t:Task/t:Status")?.text, "Completed");
  }));
