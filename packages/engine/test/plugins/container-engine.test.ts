import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { literals } from "@flyte-ts/idl";
import { containerTask, t, task, workflow } from "@flyte-ts/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerPlugin } from "../../src/plugins/container/container-plugin.js";
import { newRunner } from "../support/engine-test-kit.js";

// The container plugin behind the real engine: a TS task feeds a raw container task (run as a
// local process here, so this runs on every machine), whose file outputs feed the next TS task.
describe("container tasks through the engine", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "container-engine-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const plugin = () => new ContainerPlugin({ workDir: dir, runtimes: [], allowLocalProcess: true });

  it("runs a workflow mixing TS tasks and a shell container task", async () => {
    const prepare = task({ name: "ce_prepare", inputs: { n: t.int }, outputs: t.int }, ({ n }) => n + 1);
    const square = containerTask({
      name: "ce_square",
      image: "busybox",
      command: [
        "sh",
        "-c",
        "n={{.inputs.n}}; echo $((n * n)) > /var/outputs/sq; cat /var/inputs/n > /var/outputs/seen",
      ],
      inputs: { n: t.int },
      outputs: { sq: t.int, seen: t.string },
    });
    const report = task(
      { name: "ce_report", inputs: { sq: t.int, seen: t.string }, outputs: t.string },
      ({ sq, seen }) => `${seen}^2=${sq}`,
    );
    const wf = workflow({ name: "ce_wf", inputs: { n: t.int }, outputs: t.string }, ({ n }) => {
      const s = square({ n: prepare({ n }) });
      return report({ sq: s.sq, seen: s.seen });
    });
    const r = newRunner({ plugins: [plugin()] });
    const { outputs } = await r.runToLiterals(wf.entity, { n: 4 });
    expect(outputs.literals.o0).toEqual(literals.string("5^2=25"));
  });

  it("retries a failing container command as a USER error and fails the workflow with its stderr", async () => {
    const flaky = containerTask({
      name: "ce_fail",
      image: "busybox",
      command: ["sh", "-c", "echo 'disk on fire' >&2; exit 2"],
      outputs: { x: t.int },
      retries: 1,
    });
    const wf = workflow({ name: "ce_fail_wf", outputs: t.int }, () => flaky().x);
    const r = newRunner({ plugins: [plugin()] });
    const err = await r.runToLiterals(wf.entity, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "user" });
    expect(String((err as Error).message)).toContain("disk on fire");
    // Two attempts (retries: 1), then Flyte's RetriesExhausted wrapping the container's code.
    expect((err as { code?: string }).code).toBe("RetriesExhausted|Error");
    expect(String((err as Error).message)).toContain(
      "[2/2] currentAttempt done. Last Error: USER::task ce_fail exited with code 2",
    );
  });

  it("surfaces an _ERROR file as the task's error document", async () => {
    const bad = containerTask({
      name: "ce_error_file",
      image: "busybox",
      command: ["sh", "-c", "echo 'rows 3..9 are malformed' > /var/outputs/_ERROR"],
      outputs: { x: t.int },
    });
    const wf = workflow({ name: "ce_error_wf", outputs: t.int }, () => bad().x);
    const r = newRunner({ plugins: [plugin()] });
    const err = await r.runToLiterals(wf.entity, {}).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain("rows 3..9 are malformed");
  });
});
