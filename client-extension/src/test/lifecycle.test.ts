import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CrashBudget, SerialQueue } from "../lifecycle";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("SerialQueue", () => {
  it("never runs two restarts at once and coalesces requests made meanwhile", async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const queue = new SerialQueue(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      runs += 1;
      await tick(20);
      running -= 1;
    });
    const first = queue.request();
    const rest = [queue.request(), queue.request(), queue.request()];
    assert.equal(rest[0], rest[2], "requests during a run share the one queued run");
    await Promise.all([first, ...rest]);
    assert.equal(runs, 2);
    assert.equal(maxRunning, 1);
    assert.equal(queue.busy, false);
    await queue.request();
    assert.equal(runs, 3);
  });
  it("reports a failing run and keeps working", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const queue = new SerialQueue(async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error("boom");
      }
    }, (e) => errors.push(e));
    await queue.request();
    await queue.request();
    assert.equal(calls, 2);
    assert.equal((errors[0] as Error).message, "boom");
  });
});

describe("CrashBudget", () => {
  it("allows four restarts in three minutes, then stops", () => {
    const budget = new CrashBudget();
    const t0 = 1_000_000;
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => budget.crashed(t0 + i * 1000)), [true, true, true, true, false]);
  });
  it("forgets crashes older than the window and after reset", () => {
    const budget = new CrashBudget(1, 1000);
    assert.equal(budget.crashed(0), true);
    assert.equal(budget.crashed(500), false);
    assert.equal(budget.crashed(2000), true);
    budget.reset();
    assert.equal(budget.crashed(2100), true);
  });
});
