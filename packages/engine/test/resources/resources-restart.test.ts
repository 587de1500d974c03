import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "@flyte-ts/storage";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStateStore, type ExecutionId } from "../../src/index.js";
import { until } from "../support/engine-test-kit.js";
import { heldWorkflow, resourcesHarness, type ResourcesHarness } from "./held-plugin.js";

const waiting = (h: ResourcesHarness, id: ExecutionId) =>
  h.sink.taskEvents().some((e) => e.parentNodeExecutionId?.executionId?.name === id.name);

describe("resource manager across an engine restart (SQLite state)", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyte-resources-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("attempts that were running keep their slots: an older waiting attempt is not admitted next to them", async () => {
    const path = join(dir, "engine.db");
    const blobs = new MemoryStore({ root: "memory://res" });
    const closure = await heldWorkflow("rm_restart");
    const resources = { global: { slots: 2 } };
    const first = resourcesHarness(Infinity, resources, new SqliteStateStore({ path }), blobs);
    const a1 = await first.start("pa", "a1", closure);
    const a2 = await first.start("pa", "a2", closure);
    await until(() => first.plugin.starts.length === 2);
    const b = await first.start("pa", "b", closure);
    const c = await first.start("pc", "c", closure);
    await until(() => waiting(first, b) && waiting(first, c));
    // a1 ends; the fair share gives its slot to pc (0 running) over the older b (pa has 1).
    first.plugin.finish(first.plugin.keys()[0]);
    await until(() => first.plugin.starts.length === 3);
    expect(first.plugin.starts).toEqual(["pa", "pa", "pc"]);
    await first.engine.waitFor(a1);
    await first.engine.close();

    // Restart: a2 and c were running, b (created before c) was waiting.
    const second = resourcesHarness(Infinity, resources, new SqliteStateStore({ path }), blobs);
    const resumed = await second.engine.resume();
    expect(resumed.map((id) => id.name).sort()).toEqual(["a2", "b", "c"]);
    await until(() => second.plugin.starts.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect([...second.plugin.starts].sort()).toEqual(["pa", "pc"]);
    expect(Math.max(...[...second.plugin.peak.values()], 0)).toBe(1);
    second.plugin.finish();
    await until(() => second.plugin.starts.length === 3);
    second.plugin.finish();
    for (const id of [a2, b, c]) expect((await second.engine.waitFor(id)).record.phase).toBe("Succeeded");
    await second.engine.close();
  });
});
