import { describe, expect, it } from "vitest";
import { ResourceManager, type ResourceRequest } from "./resource-manager.js";

const req = (
  key: string,
  project: string,
  woken: string[],
  pool?: { name: string; units: number },
): ResourceRequest => ({
  key,
  project,
  domain: "development",
  wake: () => woken.push(key),
  ...(pool ? { pool } : {}),
});

describe("ResourceManager", () => {
  it("lends idle capacity, then gives freed slots to the tenant with the lowest weighted usage", () => {
    const m = new ResourceManager({ config: { global: { slots: 3 }, projects: { big: { weight: 2 } } } });
    const woken: string[] = [];
    // Alone, a tenant may take every slot.
    for (const k of ["a1", "a2", "a3"]) expect(m.admit(req(k, "a", woken)).status).toBe("granted");
    expect(m.admit(req("a4", "a", woken)).status).toBe("waiting");
    expect(m.admit(req("b1", "big", woken)).status).toBe("waiting");
    expect(m.admit(req("b2", "big", woken)).status).toBe("waiting");
    m.release("a1");
    expect(woken).toEqual(["b1"]);
    // a: 2 running / weight 1 = 2; big: 1 / 2 = 0.5 → big again, although a4 is older.
    m.release("a2");
    expect(woken).toEqual(["b1", "b2"]);
    m.release("a3");
    expect(woken).toEqual(["b1", "b2", "a4"]);
    expect(m.snapshot()).toEqual({ running: { "a/development": 1, "big/development": 2 }, waiting: {} });
  });

  it("is idempotent per key; resumed attempts are counted even over the limit; release is idempotent", () => {
    const m = new ResourceManager({ config: { global: { slots: 1 } } });
    const woken: string[] = [];
    expect(m.admit(req("x", "p", woken)).status).toBe("granted");
    expect(m.admit(req("x", "p", woken)).status).toBe("granted");
    expect(m.admit({ ...req("y", "p", woken), resumed: true }).status).toBe("granted");
    expect(m.admit(req("z", "p", woken)).status).toBe("waiting");
    m.release("x");
    expect(woken).toEqual([]);
    m.release("y");
    m.release("y");
    expect(woken).toEqual(["z"]);
    expect(m.snapshot().running).toEqual({ "p/development": 1 });
  });

  it("a waiting request that is released (aborted) leaves the queue", () => {
    const m = new ResourceManager({ config: { pools: { db: 1 } } });
    const woken: string[] = [];
    expect(m.admit(req("a", "p", woken, { name: "db", units: 1 })).status).toBe("granted");
    expect(m.admit(req("b", "p", woken, { name: "db", units: 1 }))).toEqual({
      status: "waiting",
      reason: 'waiting for resources: pool "db" has 1 of 1 units in use (this task needs 1); 0 attempts ahead in line',
    });
    m.release("b");
    m.release("a");
    expect(woken).toEqual([]);
    expect(m.snapshot()).toEqual({ running: {}, waiting: {} });
  });
});
