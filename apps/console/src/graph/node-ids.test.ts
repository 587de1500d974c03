import { describe, expect, it } from "vitest";
import { childNodeUniqueId as storageChildId } from "@flyte-ts/storage";
import { childNodeUniqueId } from "./node-ids.js";

describe("childNodeUniqueId", () => {
  it("matches the engine's ids, short and hashed", () => {
    const cases: [string, number, string][] = [
      ["n0", 0, "n1"],
      ["n0", 3, "0"],
      ["n0-0-n1", 1, "n0-n2"],
      ["some-long-parent-id", 0, "a-long-child-node-name"],
      ["fabcdefgh", 12, "dn99"],
    ];
    for (const [parent, attempt, child] of cases) {
      expect(childNodeUniqueId(parent, attempt, child)).toBe(storageChildId(parent, attempt, child));
    }
    expect(childNodeUniqueId("n0", 0, "n1")).toBe("n0-0-n1");
    expect(childNodeUniqueId("some-long-parent-id", 0, "x")).toMatch(/^f[a-z1-6]{7}$/);
  });
});
