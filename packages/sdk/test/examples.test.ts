/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { buildPackage, checkPackage, type ModuleExports } from "../src/index.js";

/** Every example module, loaded through the same SDK instance as the tests. */
const examples = import.meta.glob<Record<string, unknown>>("../../../examples/*.ts");

async function load(path: string): Promise<ModuleExports> {
  const loader = examples[path];
  if (!loader) throw new Error(`no example ${path}`);
  return { modulePath: path.replace("../../../", ""), exports: await loader() };
}

describe("examples", () => {
  const paths = Object.keys(examples).sort();

  it("finds the examples", () => {
    expect(paths.length).toBeGreaterThanOrEqual(15);
  });

  for (const path of paths) {
    it(`${path.replace("../../../", "")} serializes and compiles`, async () => {
      const pkg = await buildPackage([await load(path)]);
      expect(pkg.entries.length).toBeGreaterThan(0);
      const check = checkPackage(pkg);
      expect(check.errors).toEqual([]);
      for (const e of pkg.entries.filter((x) => x.kind === "workflow"))
        expect(check.workflows.has(e.fileName)).toBe(true);
    });
  }
});
