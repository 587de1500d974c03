import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

describe("flyte exit codes for help and usage", () => {
  it("a command group without its subcommand prints its help to stderr and exits 2", async () => {
    const r = await runCli(["get"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: flyte get");
  });

  it("--help and --version exit 0", async () => {
    expect((await runCli(["get", "--help"])).code).toBe(0);
    expect((await runCli(["--help"])).code).toBe(0);
  });

  it("an unknown command exits 2 and suggests the closest", async () => {
    const r = await runCli(["regster"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("register");
  });
});
