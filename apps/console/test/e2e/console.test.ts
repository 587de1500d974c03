/**
 * The console end to end: a real server with the SDK examples registered and run, the built
 * console served at /console, driven in headless Chromium. Checks every page, the graph, the
 * timeline, the node panel, the launch form (a validation error, then a launch), relaunch and
 * terminate; writes screenshots of the main pages to test-results/screenshots.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { findChromium, launchChromium, newPage, screenshot } from "./browser.js";
import { ensureConsoleBuilt } from "./build-console.js";
import { startConsoleFixture, type ConsoleFixture } from "./console-fixture.js";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { PD, launch, waitForExecution } from "./examples.js";

const chromiumPath = findChromium();
const skipReason = "missing" in chromiumPath ? chromiumPath.missing : undefined;
if (skipReason) console.warn(`console e2e tests skipped: ${skipReason}`);

const P = `/console/projects/${PD.project}/domains/${PD.domain}`;

describe.skipIf(skipReason !== undefined)("console in Chromium against a real server", { timeout: 60_000 }, () => {
  let browser: Browser;
  let fx: ConsoleFixture;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    fx = await startConsoleFixture();
    browser = await launchChromium("path" in chromiumPath ? chromiumPath.path : "");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  async function open(path: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await newPage(browser, errors, colorScheme);
    onTestFailed(async ({ task }) => {
      if (!page.isClosed()) await screenshot(page, `failed-${task.name.replace(/\W+/g, "-").slice(0, 60)}`);
    });
    await page.goto(`${fx.url}${path}`);
    return page;
  }

  it("lists projects and opens a domain", async () => {
    const page = await open("/console/");
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    const project = page.getByTestId(`project-${PD.project}`);
    await project.waitFor();
    await screenshot(page, "projects");
    await project.getByRole("link", { name: PD.domain }).click();
    await page.waitForURL(`**${P}/executions`);
    await page.getByRole("table", { name: "Executions" }).waitFor();
    await page.close();
  });

  it("lists workflows and shows a workflow's typed interface", async () => {
    const page = await open(`${P}/workflows`);
    const table = page.getByRole("table", { name: "Workflows" });
    await table.getByRole("link", { name: "examples.basic-workflow.basicWorkflow" }).click();
    await page.getByTestId("entity-name").filter({ hasText: "examples.basic-workflow.basicWorkflow" }).waitFor();
    const inputs = page.getByRole("table", { name: "Inputs" });
    await inputs.getByText("a", { exact: true }).waitFor();
    await screenshot(page, "workflow");
    await page.close();
  });

  it("lists launch plans with their state", async () => {
    const page = await open(`${P}/launch_plans`);
    await page.getByRole("table", { name: "Launch plans" }).getByRole("link", { name: "default_4_lp" }).click();
    await page.getByTestId("lp-state").waitFor();
    await screenshot(page, "launch-plan");
    await page.close();
  });

  it("lists executions and filters them by phase", async () => {
    const page = await open(`${P}/executions`);
    const table = page.getByRole("table", { name: "Executions" });
    for (const name of ["basic-one", "branch-one", "sub-one", "map-one", "gate-one", "branch-fail"]) {
      await table.getByRole("link", { name, exact: true }).waitFor();
    }
    await screenshot(page, "executions");
    await page.getByRole("combobox", { name: "Phase" }).selectOption("FAILED");
    await page.waitForURL(/phase=FAILED/);
    await table.getByRole("link", { name: "branch-fail", exact: true }).waitFor();
    await expect.poll(() => table.getByRole("link", { name: "basic-one", exact: true }).count()).toBe(0);
    await page.close();
  });

  it("shows an execution's header, inputs, outputs and node table", async () => {
    const page = await open(`${P}/executions/basic-one`);
    await page.getByTestId("execution-phase").and(page.locator('[data-phase="SUCCEEDED"]')).waitFor();
    await page.getByRole("table", { name: "Execution inputs" }).getByText("hello").first().waitFor();
    await page.getByRole("table", { name: "Execution outputs" }).waitFor();
    const nodes = page.getByRole("grid", { name: "Nodes" });
    await nodes.getByText("n0", { exact: true }).first().waitFor();
    await nodes.getByText("n1", { exact: true }).first().waitFor();
    await screenshot(page, "execution-nodes");
    await page.close();
  });

  /** Opens an execution, expands `parent` in the node table (loading its children), then shows the graph. */
  async function graphOf(name: string, parent: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await open(`${P}/executions/${name}`, colorScheme);
    await page
      .getByRole("grid", { name: "Nodes" })
      .getByRole("button", { name: `Expand ${parent}` })
      .click();
    await page
      .getByRole("grid", { name: "Nodes" })
      .getByRole("button", { name: `Collapse ${parent}` })
      .waitFor();
    await page.getByRole("tab", { name: "Graph" }).click();
    return page;
  }

  it("draws the graph with live phases and the taken branch, and opens a node's panel", async () => {
    const page = await graphOf("branch-one", "n0");
    const graph = page.getByRole("region", { name: "Execution graph" });
    await graph.locator(".graph-kind-branch.graph-phase-succeeded").waitFor();
    await graph.locator(".graph-kind-start").waitFor();
    await graph.locator(".graph-kind-end").waitFor();
    // myInput = 5: the elif (square) ran, the if (double) was not taken.
    const taken = graph.getByRole("button", { name: /^elif 1: square, task, succeeded$/ });
    await taken.waitFor();
    await graph.getByRole("button", { name: /^if: double, task, .*not taken$/ }).waitFor();
    await screenshot(page, "execution-graph-branch");
    await taken.click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("table", { name: "Node inputs" }).waitFor();
    await panel.getByRole("table", { name: "Node outputs" }).getByText("25").waitFor();
    await screenshot(page, "execution-node-panel");
    await page.close();
  });

  it("expands a sub-workflow in the graph", async () => {
    const page = await graphOf("sub-one", "n1");
    const graph = page.getByRole("region", { name: "Execution graph" });
    await graph.getByRole("button", { name: /^Expand / }).click();
    await graph.getByRole("button", { name: /^Collapse / }).waitFor();
    // The sub-workflow's nodes, with the phases of their node executions (unique ids n1-0-<id>).
    await graph.locator('.graph-node.graph-phase-succeeded[data-node-id="n1-0-n0"]').waitFor();
    await graph.locator('.graph-node.graph-phase-succeeded[data-node-id="n1-0-n1"]').waitFor();
    await screenshot(page, "execution-graph-subworkflow");
    await page.close();
  });

  it("summarises a map task's indices in the graph, in the dark theme too", async () => {
    const page = await graphOf("map-one", "n0", "dark");
    const graph = page.getByRole("region", { name: "Execution graph" });
    await graph.locator(".graph-kind-array.graph-phase-succeeded").waitFor();
    await graph.getByRole("img", { name: "4 succeeded" }).waitFor();
    await screenshot(page, "execution-graph-map-dark");
    await page.close();
  });

  it("draws the timeline of a map task with a bar per node", async () => {
    const page = await open(`${P}/executions/map-one?tab=timeline`);
    const timeline = page.getByRole("region", { name: "Execution timeline" });
    await timeline.locator(".timeline-running.timeline-phase-succeeded").first().waitFor();
    await expect.poll(() => timeline.locator(".timeline-bar").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "execution-timeline");
    await page.close();
  });

  it("validates launch form inputs, then launches and opens the new execution", async () => {
    const page = await open(`${P}/launch_plans/examples.basic-workflow.basicWorkflow/launch`);
    const form = page.getByRole("form", { name: "Launch form" });
    await form.getByLabel(/^a/).fill("not a number");
    await form.getByLabel(/^b/).fill("world");
    await form.getByRole("button", { name: "Launch" }).click();
    const error = form.getByTestId("error-a");
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe("");
    expect(new URL(page.url()).pathname).toMatch(/\/launch$/);
    await screenshot(page, "launch-form-error");
    await form.getByLabel(/^a/).fill("7");
    await form.getByRole("button", { name: "Launch" }).click();
    await page.waitForURL(new RegExp(`${P}/executions/[^/?]+$`));
    const name = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    await page.getByTestId("execution-name").filter({ hasText: name }).waitFor();
    const done = await waitForExecution(fx.client, name);
    expect(done.closure?.phase).toBe(Phase.SUCCEEDED);
    await page.close();
  });

  it("relaunches an execution", async () => {
    const page = await open(`${P}/executions/basic-one`);
    await page.getByRole("button", { name: "Relaunch" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Relaunch" }).click();
    await page.waitForURL((u) => u.pathname.startsWith(`${P}/executions/`) && !u.pathname.endsWith("/basic-one"));
    const name = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    const relaunched = await fx.client.getExecution({ id: { ...PD, name } });
    expect(relaunched.spec?.metadata?.referenceExecution?.name).toBe("basic-one");
    await page.close();
  });

  it("terminates a running execution", async () => {
    const page = await open(`${P}/executions/gate-one?tab=graph`);
    await page.getByTestId("execution-phase").and(page.locator('[data-phase="RUNNING"]')).waitFor();
    // Its gates: the signal it waits for is drawn waiting.
    const graph = page.getByRole("region", { name: "Execution graph" });
    await graph.locator(".graph-kind-gate.graph-phase-waiting").first().waitFor();
    await screenshot(page, "execution-graph-gates");
    await page.getByRole("button", { name: "Terminate" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Terminate" }).click();
    await page.getByTestId("execution-phase").and(page.locator('[data-phase="ABORTED"]')).waitFor({ timeout: 20_000 });
    await screenshot(page, "execution-terminated");
    await page.close();
  });

  it("recolours the graph live while an execution runs", async () => {
    await launch(fx.client, "gate-live", "examples.gates.reportingWf", literalMap({ data: literals.string("live") }));
    const page = await open(`${P}/executions/gate-live?tab=graph`);
    const graph = page.getByRole("region", { name: "Execution graph" });
    // The 10 s sleep gate waits, then succeeds and the report task runs: seen without a reload.
    await graph.locator('.graph-node.graph-phase-waiting[data-node-id="n0"]').waitFor();
    await graph.locator('.graph-node.graph-phase-succeeded[data-node-id="n0"]').waitFor({ timeout: 40_000 });
    await graph.locator('.graph-node.graph-phase-succeeded[data-node-id="n1"]').waitFor({ timeout: 20_000 });
    await fx.client.terminateExecution({ id: { ...PD, name: "gate-live" }, cause: "test done" });
    await page.close();
  }, 90_000);

  it("raised no page errors", () => {
    expect(errors).toEqual([]);
  });
});
