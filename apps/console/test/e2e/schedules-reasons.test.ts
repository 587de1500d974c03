/**
 * Schedules and waiting reasons in the console, in headless Chromium against `flyte start` with
 * one task slot: the active launch plan version shows its schedule in words and its next runs,
 * an inactive one says its schedule does not run, and a node whose attempt waits for the slot
 * shows a Waiting badge with the reason. Screenshots go to test-results/screenshots.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { literalMap, literals } from "@flyte-ts/idl";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { RunningServer } from "../../../server/src/index.js";
import { grpcClient, PD, waitFor, WF } from "../../../server/test/server-fixture.js";
import { registerNightly, startOneSlotServer } from "../integration/one-slot-server.js";
import { findChromium, launchChromium, newPage, screenshot } from "./browser.js";
import { ensureConsoleBuilt } from "./build-console.js";

const chromiumPath = findChromium();
const skipReason = "missing" in chromiumPath ? chromiumPath.missing : undefined;
if (skipReason) console.warn(`schedules/reasons e2e tests skipped: ${skipReason}`);

const P = `/console/projects/${PD.project}/domains/${PD.domain}`;
const lpId = (version: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "nightly_quad", version });

describe.skipIf(skipReason !== undefined)("schedules and waiting reasons in Chromium", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "flyte-console-e2e-sched-"));
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startOneSlotServer(dir);
    await registerNightly(server, "v1");
    await registerNightly(server, "v2");
    await grpcClient(server.url).updateLaunchPlan({ id: lpId("v2"), state: LaunchPlanState.ACTIVE });
    browser = await launchChromium("path" in chromiumPath ? chromiumPath.path : "");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await newPage(browser, errors);
    onTestFailed(async ({ task }) => {
      if (!page.isClosed()) await screenshot(page, `failed-${task.name.replace(/\W+/g, "-").slice(0, 60)}`);
    });
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it("the active version shows its schedule in words, next runs and notifications; an inactive one does not run", async () => {
    const page = await open(`${P}/launch_plans/nightly_quad?version=v2`);
    const schedule = page.getByTestId("lp-schedule");
    await expect.poll(() => schedule.getByTestId("schedule-words").textContent()).toBe("every day at 02:00 UTC");
    const runs = page.getByTestId("next-runs").locator("li");
    await expect.poll(() => runs.count()).toBe(5);
    const first = await runs.first().locator("time").getAttribute("datetime");
    expect(first).toMatch(/T02:00:00\.000Z$/);
    expect(await runs.first().textContent()).toMatch(/in \d+/);
    expect(await page.getByTestId("last-slot").textContent()).toMatch(/not yet/);
    const notifications = page.getByRole("table", { name: "Launch plan notifications" });
    expect(await notifications.locator("tbody tr").allTextContents()).toEqual([
      "failedEmailoncall@example.com",
      "succeeded, abortedSlack#pipelines",
    ]);
    await screenshot(page, "launch-plan-schedule");

    await page.getByRole("link", { name: "v1", exact: true }).click();
    await page.getByTestId("schedule-inactive").waitFor();
    expect(await page.getByTestId("next-runs").count()).toBe(0);
    await page.close();

    const list = await open(`${P}/launch_plans`);
    const row = list.getByRole("row").filter({ hasText: "nightly_quad" });
    await expect.poll(() => row.getByTestId("schedule-cell").textContent()).toMatch(/^every day at 02:00 UTC · next /);
    await list.close();
    expect(errors).toEqual([]);
  });

  it("a node waiting for the one task slot shows a Waiting badge with the reason", async () => {
    const admin = grpcClient(server.url);
    const napPlan = { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.napThenDouble`, version: "v1" };
    const launch = (name: string, ms: number) =>
      admin.createExecution({
        ...PD,
        name,
        spec: { launchPlan: napPlan },
        inputs: literalMap({ ms: literals.integer(ms) }),
      });
    await launch("e2e-holder", 8000);
    await waitFor(admin, "e2e-holder", (e) => e.closure?.phase === Phase.RUNNING);
    await launch("e2e-waiter", 50);
    const page = await open(`${P}/executions/e2e-waiter`);
    const row = page.getByTestId("nodes-table").locator('[data-row-key="n0"]');
    const reason = row.getByTestId("waiting-reason");
    await reason.waitFor();
    expect(await row.getByTestId("waiting").locator(".phase").textContent()).toBe("Waiting");
    expect(await reason.textContent()).toMatch(/^all 1 task slots are in use/);
    expect(await reason.isVisible()).toBe(true);
    await screenshot(page, "node-waiting-table");
    await row.click();
    const attempt = page.getByTestId("attempts").getByTestId("attempt-reason").first();
    await expect.poll(() => attempt.textContent()).toMatch(/^waiting for resources: all 1 task slots are in use/);
    await screenshot(page, "node-waiting-panel");
    // The badge goes once the slot frees and the attempt runs.
    await row.getByTestId("waiting").waitFor({ state: "detached", timeout: 20_000 });
    await page.close();
    expect(errors).toEqual([]);
  });
});
