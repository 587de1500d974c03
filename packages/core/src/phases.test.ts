import { describe, expect, it } from "vitest";
import {
  NodePhase,
  TaskPhase,
  WorkflowPhase,
  checkNodeTransition,
  checkTaskTransition,
  checkWorkflowTransition,
} from "./phases.js";
import { FlyteError, InvalidArgumentError, SystemError, UserError, errorMessage } from "./errors.js";

describe("phase transitions", () => {
  it("workflow: applies forward moves, dedups, refuses after terminal", () => {
    expect(checkWorkflowTransition(WorkflowPhase.UNDEFINED, WorkflowPhase.QUEUED).verdict).toBe("apply");
    expect(checkWorkflowTransition(WorkflowPhase.QUEUED, WorkflowPhase.QUEUED).verdict).toBe("apply");
    expect(checkWorkflowTransition(WorkflowPhase.RUNNING, WorkflowPhase.RUNNING).verdict).toBe("duplicate");
    expect(checkWorkflowTransition(WorkflowPhase.RUNNING, WorkflowPhase.QUEUED).verdict).toBe("invalid");
    expect(checkWorkflowTransition(WorkflowPhase.SUCCEEDED, WorkflowPhase.RUNNING).verdict).toBe("terminal");
    expect(checkWorkflowTransition(WorkflowPhase.ABORTING, WorkflowPhase.RUNNING).verdict).toBe("invalid");
    expect(checkWorkflowTransition(WorkflowPhase.ABORTING, WorkflowPhase.ABORTED).verdict).toBe("apply");
  });
  it("node: terminal phases are final", () => {
    for (const p of [
      NodePhase.SUCCEEDED,
      NodePhase.FAILED,
      NodePhase.SKIPPED,
      NodePhase.RECOVERED,
      NodePhase.ABORTED,
      NodePhase.TIMED_OUT,
    ]) {
      expect(checkNodeTransition(p, NodePhase.RUNNING).verdict).toBe("terminal");
    }
    expect(checkNodeTransition(NodePhase.RUNNING, NodePhase.QUEUED).verdict).toBe("invalid");
    expect(checkNodeTransition(NodePhase.QUEUED, NodePhase.RUNNING).verdict).toBe("apply");
  });
  it("task: a phase version bump within a phase is news", () => {
    expect(checkTaskTransition(TaskPhase.RUNNING, 1, TaskPhase.RUNNING, 1).verdict).toBe("duplicate");
    expect(checkTaskTransition(TaskPhase.RUNNING, 1, TaskPhase.RUNNING, 2).verdict).toBe("apply");
    expect(checkTaskTransition(TaskPhase.SUCCEEDED, 0, TaskPhase.RUNNING, 0).verdict).toBe("terminal");
  });
});

describe("errors", () => {
  it("carry code, kind, retryability and status", () => {
    const u = new UserError("Bad", "bad");
    expect([u.code, u.kind, u.retryable, u.status]).toEqual(["Bad", "user", false, "invalid_argument"]);
    const s = new SystemError("Down", "down");
    expect([s.kind, s.retryable, s.status]).toEqual(["system", true, "internal"]);
    const i = new InvalidArgumentError("x", { code: "TypeMismatch", details: { variable: "a" } });
    expect(i).toBeInstanceOf(FlyteError);
    expect([i.code, i.details.variable]).toEqual(["TypeMismatch", "a"]);
    expect(errorMessage(new Error("m"))).toBe("m");
    expect(errorMessage("s")).toBe("s");
  });
});
