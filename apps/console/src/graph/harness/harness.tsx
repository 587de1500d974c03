/**
 * A page that renders the graph and the timeline on synthetic executions (no server), for the
 * browser tests (test/e2e/graph-timeline.test.ts) of shapes, phases and large executions:
 * `?scenario=<name>`. Not part of the console's bundle; the test builds it on its own.
 */
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { ExecutionGraph } from "../ExecutionGraph.js";
import { ExecutionTimeline } from "../../timeline/ExecutionTimeline.js";
import {
  Phase,
  arrayNode,
  branchNode,
  closureOf,
  nodeExecution,
  subWorkflowNode,
  taskNode,
  workflow,
} from "../graph-fixtures.js";
import { childNodeUniqueId } from "../node-ids.js";
import "../../styles/theme.css";
import "../../styles/app.css";

/** What the tests read from the page. */
interface HarnessGlobals {
  harnessStart: number;
  harnessSelected: string[];
}
const page = window as unknown as Window & HarnessGlobals;
page.harnessStart = performance.now();
page.harnessSelected = [];

const T0 = Date.now() - 60_000;
const at = (s: number): number => T0 + s * 1000;

interface Scenario {
  readonly closure: CompiledWorkflowClosure;
  readonly nodes: NodeExecution[];
  readonly now: number;
  readonly dynamicWorkflows?: ReadonlyMap<string, CompiledWorkflowClosure>;
}

function mixed(): Scenario {
  const sub = workflow("app.sub_wf", [taskNode("s0", "app.prepare"), taskNode("s1", "app.fit", ["s0"])]);
  const closure = closureOf(
    workflow("app.pipeline", [
      taskNode("n0", "app.load"),
      subWorkflowNode("n1", "app.sub_wf", ["n0"]),
      branchNode(
        "n2",
        [taskNode("n2-n0", "app.small"), taskNode("n2-n1", "app.large")],
        taskNode("n2-n2", "app.none"),
        ["n0"],
      ),
      arrayNode("n3", "app.square"),
      taskNode("n4", "app.report", ["n1", "n2", "n3"]),
    ]),
    [sub],
  );
  const done = (id: string, s: number, d: number) =>
    nodeExecution(id, Phase.SUCCEEDED, { createdAtMs: at(s - 1), startedAtMs: at(s), durationMs: d * 1000 });
  const nodes = [
    done("n0", 1, 4),
    nodeExecution("n1", Phase.RUNNING, { createdAtMs: at(5), startedAtMs: at(6) }),
    done(childNodeUniqueId("n1", 0, "s0"), 6, 10),
    nodeExecution(childNodeUniqueId("n1", 0, "s1"), Phase.RUNNING, { createdAtMs: at(16), startedAtMs: at(18) }),
    done("n2", 5, 20),
    done(childNodeUniqueId("n2", 0, "n2-n1"), 6, 18),
    nodeExecution(childNodeUniqueId("n2", 0, "n2-n0"), Phase.SKIPPED),
    nodeExecution("n3", Phase.RUNNING, { createdAtMs: at(1), startedAtMs: at(2) }),
    ...Array.from({ length: 12 }, (_, i) =>
      i < 8
        ? done(childNodeUniqueId("n3", 0, String(i)), 2 + i, 3)
        : nodeExecution(childNodeUniqueId("n3", 0, String(i)), i === 8 ? Phase.FAILED : Phase.QUEUED, {
            createdAtMs: at(3),
          }),
    ),
  ];
  return { closure, nodes, now: at(40) };
}

function map1000(): Scenario {
  const closure = closureOf(
    workflow("app.map_wf", [arrayNode("n0", "app.square"), taskNode("n1", "app.total", ["n0"])]),
  );
  const nodes = [
    nodeExecution("n0", Phase.RUNNING, { createdAtMs: at(0), startedAtMs: at(0) }),
    ...Array.from({ length: 1000 }, (_, i) => {
      const phase = i < 700 ? Phase.SUCCEEDED : i < 710 ? Phase.FAILED : i < 900 ? Phase.RUNNING : Phase.QUEUED;
      const started = i < 900 ? { startedAtMs: at(i * 0.05) } : {};
      return nodeExecution(childNodeUniqueId("n0", 0, String(i)), phase, {
        createdAtMs: at(0),
        ...started,
        ...(i < 710 ? { durationMs: 2000 } : {}),
        specNodeId: String(i),
      });
    }),
  ];
  return { closure, nodes, now: at(60) };
}

function fan1000(): Scenario {
  const fan = Array.from({ length: 1000 }, (_, i) => taskNode(`dn${i + 1}`, "app.work", ["dn0"]));
  const closure = closureOf(
    workflow("app.dynamic_wf", [
      taskNode("dn0", "app.split"),
      ...fan,
      taskNode(
        "dn1001",
        "app.join",
        fan.map((n) => n.id),
      ),
    ]),
  );
  const nodes = fan.map((n, i) =>
    nodeExecution(n.id, i % 3 === 0 ? Phase.RUNNING : Phase.SUCCEEDED, {
      createdAtMs: at(i * 0.01),
      startedAtMs: at(i * 0.02),
      durationMs: 1500,
    }),
  );
  return { closure, nodes, now: at(60) };
}

/** A dynamic node that generated a thousand-node workflow (ids `n1-0-dn<i>`). */
function dynamic1000(): Scenario {
  const closure = closureOf(
    workflow("app.dyn_wf", [taskNode("n0", "app.prepare"), taskNode("n1", "app.fanout", ["n0"])]),
  );
  const fan = Array.from({ length: 1000 }, (_, i) => taskNode(`dn${i}`, "app.work"));
  const generated = closureOf(workflow("dynamic_n1", fan));
  const nodes = [
    nodeExecution("n0", Phase.SUCCEEDED, { createdAtMs: at(0), startedAtMs: at(0), durationMs: 1000 }),
    nodeExecution("n1", Phase.DYNAMIC_RUNNING, { createdAtMs: at(1), startedAtMs: at(1), isDynamic: true }),
    ...fan.map((n, i) =>
      nodeExecution(childNodeUniqueId("n1", 0, n.id), i < 600 ? Phase.SUCCEEDED : Phase.RUNNING, {
        createdAtMs: at(2),
        startedAtMs: at(2 + i * 0.01),
        ...(i < 600 ? { durationMs: 500 } : {}),
      }),
    ),
  ];
  return { closure, nodes, now: at(30), dynamicWorkflows: new Map([["n1", generated]]) };
}

const SCENARIOS: Record<string, () => Scenario> = { mixed, map1000, fan1000, dynamic1000 };
const name = new URLSearchParams(window.location.search).get("scenario") ?? "mixed";
const scenario = (SCENARIOS[name] ?? mixed)();

function Harness() {
  const [selected, setSelected] = useState<string | undefined>();
  const select = (id: string): void => {
    page.harnessSelected.push(id);
    setSelected(id);
  };
  return (
    <main>
      <h1>Harness: {name}</h1>
      <p data-testid="selected">{selected ?? "none"}</p>
      <ExecutionGraph
        closure={scenario.closure}
        nodeExecutions={scenario.nodes}
        {...(selected === undefined ? {} : { selectedNodeId: selected })}
        onSelectNode={select}
        {...(scenario.dynamicWorkflows ? { dynamicWorkflows: scenario.dynamicWorkflows } : {})}
      />
      <h2>Timeline</h2>
      <ExecutionTimeline
        nodeExecutions={scenario.nodes}
        now={scenario.now}
        onSelectNode={select}
        {...(selected === undefined ? {} : { selectedNodeId: selected })}
      />
    </main>
  );
}

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>,
  );
