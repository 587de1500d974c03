import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const repo = resolve(import.meta.dirname, "../../..");
const bin = resolve(repo, "apps/cli/bin/flyte.js");

/** Sources the generated script in a real bash and asks `_flyte` to complete `words`. */
async function complete(words: string[]): Promise<string[]> {
  const script = [
    `source <("${process.execPath}" "${bin}" completion bash)`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_flyte",
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: repo });
  return stdout.split("\n").filter((l) => l !== "");
}

describe("flyte completion", () => {
  it("completes commands, each command's flags and output formats in bash", async (ctx) => {
    if (!existsSync("/bin/bash") && !existsSync("/usr/bin/bash")) {
      console.log("skipped: bash is not installed");
      ctx.skip();
    }
    expect(await complete(["flyte", "ru"])).toEqual(["run"]);
    expect((await complete(["flyte", "r"])).sort()).toEqual(["register", "run"]);
    expect(await complete(["flyte", "run", "--inp"])).toEqual(["--input", "--inputs-file"]);
    expect(await complete(["flyte", "run", "-o", "y"])).toEqual(["yaml"]);
    expect(await complete(["flyte", "compile", "--output", ""])).toEqual(["table", "json", "yaml"]);
    // package's -o is a path, not a format: files are offered.
    expect(await complete(["flyte", "package", "-o", "READ"])).toContain("README.md");
  });

  it("prints a zsh script through bashcompinit, and rejects other shells", async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout.split("\n")[0]).toBe("autoload -U +X bashcompinit && bashcompinit");
    expect(zsh.stdout).toContain("complete -o default -F _flyte flyte");
    const fish = await runCli(["completion", "fish"]);
    expect(fish.code).toBe(2);
    expect(fish.stderr).toContain('unknown shell "fish": use one of bash, zsh');
  });
});
