import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CONSOLE_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOT_DIR = join(CONSOLE_DIR, "test-results", "screenshots");

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Debian's chromium (never a Playwright download): its path, or why there is none. */
export function findChromium(): { path: string } | { missing: string } {
  for (const p of CANDIDATES) {
    try {
      accessSync(p, constants.X_OK);
      return { path: p };
    } catch {
      // try the next one
    }
  }
  try {
    const p = execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
    if (p !== "") return { path: p };
  } catch {
    // not on PATH either
  }
  return { missing: `no chromium at ${CANDIDATES.join(", ")} or on PATH (apt-get install chromium; .ci/run does)` };
}

export async function launchChromium(path: string): Promise<Browser> {
  return chromium.launch({ executablePath: path, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** A page that fails the test on uncaught page errors and logs console errors. */
export async function newPage(
  browser: Browser,
  errors: string[],
  colorScheme: "light" | "dark" = "light",
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
  // Fail on a locator well before the test's own timeout, so the error names what was missing.
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // Failed requests are reported below with their URL.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    // RPCs answer 4xx for expected outcomes (NotFound for an inactive launch plan, a rejected
    // launch); those are the pages' business. Server errors and missing files are not.
    const rpc = r.url().includes("/flyteidl.service.");
    const bad = r.status() >= 500 || (r.status() >= 400 && !rpc && !r.url().endsWith("/favicon.ico"));
    if (bad) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
