import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { EngineEvent } from "@flyte-ts/engine";
import { ExecutionError_ErrorKind, NodeExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { NodeExecutionEventSchema } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { describe, expect, it } from "vitest";
import { splitArgs } from "../src/commands/run/split-args.js";
import { closestNames, editDistance } from "../src/commands/run/suggest.js";
import { ProgressRenderer } from "../src/progress/progress-renderer.js";

function nodeEvent(
  nodeId: string,
  phase: NodeExecution_Phase,
  atMs: number,
  extra: { name?: string; parent?: string; error?: string } = {},
): EngineEvent {
  return {
    kind: "node",
    event: create(NodeExecutionEventSchema, {
      id: { nodeId, executionId: { project: "p", domain: "d", name: "root" } },
      specNodeId: nodeId.split("-").pop() ?? nodeId,
      nodeName: extra.name ?? nodeId,
      phase,
      occurredAt: timestampFromMs(atMs),
      ...(extra.parent ? { parentNodeMetadata: { nodeId: extra.parent } } : {}),
      ...(extra.error
        ? {
            outputResult: {
              case: "error",
              value: { code: "USER:Error", message: extra.error, kind: ExecutionError_ErrorKind.USER },
            },
          }
        : {}),
    }),
  };
}

describe("flyte run: argument splitting", () => {
  it("separates positionals from --name value sugar, --name=value, --flag and --no-flag", () => {
    expect(splitArgs(["f.ts", "wf", "--a", "-3", "--b=x=y", "--flag", "--no-verbose", "--last"])).toEqual({
      positionals: ["f.ts", "wf"],
      sugar: [
        ["a", "-3"],
        ["b", "x=y"],
        ["flag", "true"],
        ["verbose", "false"],
        ["last", "true"],
      ],
    });
    expect(splitArgs(["--a", "1", "f.ts", "--", "wf"]).positionals).toEqual(["f.ts", "wf"]);
  });
});

describe("flyte run: suggestions", () => {
  it("measures edits case-insensitively and keeps only close names, best first", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("ABC", "abc")).toBe(0);
    expect(closestNames("basicWorkflo", ["basicWorkflow", "t1", "t2"])).toEqual(["basicWorkflow"]);
    expect(closestNames("t", ["t1", "t2", "zzzzzz"])).toEqual(["t1", "t2"]);
    expect(closestNames("completely-different", ["t1", "wf"])).toEqual([]);
  });
});

describe("flyte run: progress", () => {
  it("prints one stable line per transition when not on a terminal (no colour, no queued lines)", () => {
    let out = "";
    const r = new ProgressRenderer({ write: (t) => (out += t), color: false, interactive: false });
    r.onEvent(nodeEvent("start-node", NodeExecution_Phase.SUCCEEDED, 0));
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.QUEUED, 0, { name: "t1" }));
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.RUNNING, 10, { name: "t1" }));
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.RUNNING, 11, { name: "t1" })); // duplicate: no line
    r.onEvent(nodeEvent("n0-0-n0", NodeExecution_Phase.RUNNING, 12, { name: "inner", parent: "n0" }));
    r.onEvent(nodeEvent("n0-0-n0", NodeExecution_Phase.FAILED, 40, { name: "inner", parent: "n0", error: "boom" }));
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.FAILED, 1510, { name: "t1", error: "boom" }));
    r.finish();
    expect(out.split("\n").filter((l) => l !== "")).toEqual([
      "  n0               t1                 RUNNING",
      "    n0-0-n0        inner              RUNNING",
      "    n0-0-n0        inner              FAILED          28ms",
      "  n0               t1                 FAILED          1.50s",
    ]);
    expect(r.states.firstFailure).toMatchObject({ id: "n0-0-n0", error: { kind: "user", message: "boom" } });
  });

  it("redraws the table in place on a terminal, in colour", async () => {
    let out = "";
    const r = new ProgressRenderer({ write: (t) => (out += t), color: true, interactive: true, now: () => 100 });
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.RUNNING, 0, { name: "t1" }));
    await new Promise((res) => setTimeout(res, 80));
    r.onEvent(nodeEvent("n0", NodeExecution_Phase.SUCCEEDED, 50, { name: "t1" }));
    r.onEvent(nodeEvent("n1", NodeExecution_Phase.RUNNING, 60, { name: "t2" }));
    r.finish();
    const draws = out.split("\u001b[J");
    expect(draws).toHaveLength(3); // the first draw, then one redraw moving up over it
    expect(draws[1]).toContain("\u001b[33mRUNNING");
    expect(draws[1]?.endsWith("\u001b[1F")).toBe(true);
    expect(draws[2]).toContain("\u001b[32mSUCCEEDED");
    expect(draws[2]).toMatch(/t2\s+\S*RUNNING.*40ms/);
  });
});
