import { afterAll, describe, expect, it } from "vitest";
import { t, task, workflow } from "@flyte-ts/sdk";
import { installLocalRunner } from "../src/index.js";

const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => a + b);
const wf = workflow({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => add({ a: add({ a: x, b: 1 }), b: 2 }));

describe("smoke", () => {
  const { uninstall, runner } = installLocalRunner();
  afterAll(() => uninstall());
  it("runs", async () => {
    expect(await wf({ x: 1 })).toBe(4);
    console.log(runner.sink.events.map((e) => `${e.kind}`).join(","));
  });
});
