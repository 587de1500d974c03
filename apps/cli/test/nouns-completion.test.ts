import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

/** Sources the script `flyte completion bash` prints in a real bash and asks `_flyte` to complete `words`. */
async function complete(words: string[]): Promise<string[]> {
  const script = (await runCli(["completion", "bash"])).stdout;
  const run = [
    script,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_flyte",
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const { stdout } = await promisify(execFile)("bash", ["-c", run]);
  return stdout.split("\n").filter((l) => l !== "");
}

describe("flyte completion of nouns and verbs", () => {
  it("completes subcommands of get/create/update/delete, their flags and -o values", async (ctx) => {
    if (!existsSync("/bin/bash") && !existsSync("/usr/bin/bash")) {
      console.log("skipped: bash is not installed");
      ctx.skip();
    }
    expect(await complete(["flyte", "get", "task"])).toEqual(["task", "task-execution"]);
    expect(await complete(["flyte", "get", "launchplan", "--ac"])).toEqual(["--active"]);
    expect(await complete(["flyte", "get", "execution", "-o", "j"])).toEqual(["json"]);
    expect(await complete(["flyte", "create", "attributes", "--ty"])).toEqual(["--type"]);
    expect(await complete(["flyte", "launchplan", ""])).toEqual(["activate", "deactivate"]);
    expect(await complete(["flyte", "config", "init", "--fo"])).toEqual(["--force"]);
    expect(await complete(["flyte", "con"])).toEqual(["config"]);
  });
});
