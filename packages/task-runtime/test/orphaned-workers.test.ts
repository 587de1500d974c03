import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT, sandbox } from "./helpers.js";

const box = sandbox();
afterAll(() => box.cleanup());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("worker processes", () => {
  it("exit when the process owning the pool dies, even in the middle of an attempt", async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const script = fileURLToPath(new URL("./fixtures/orphan-parent.ts", import.meta.url));
    const parent = spawn(process.execPath, ["--import", tsx, script, box.root, PACKAGE_ROOT], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      let text = "";
      parent.stdout.on("data", (c: Buffer) => {
        text += c.toString();
        const m = /worker-pid (\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      parent.on("exit", (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});
