import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { resolveRemoteConfig } from "../src/remote/cli-config.js";
import { runCli } from "./helpers.js";
import { closedPort } from "./nouns-fixture.js";

const home = () => mkdtempSync(join(tmpdir(), "flyte-cli-config-"));

describe("flyte config init", () => {
  it("writes ~/.flyte/config.yaml with a comment on every key, which the CLI then reads", async () => {
    const h = home();
    const r = await runCli(["config", "init", "--endpoint", "flyte.local:9000", "-p", "ml", "-d", "staging"], {
      env: { HOME: h },
    });
    expect(r.code).toBe(0);
    const path = join(h, ".flyte", "config.yaml");
    expect(r.stdout).toBe(`wrote ${path}\n`);
    const text = readFileSync(path, "utf8");
    for (const key of ["endpoint", "insecure", "token", "project", "domain"]) {
      const line = text.split("\n").findIndex((l) => new RegExp(`^\\s*(# )?${key}:`).test(l));
      expect(line, key).toBeGreaterThan(0);
      expect(text.split("\n")[line - 1], key).toMatch(/^\s*#/);
    }
    expect(parseYaml(text)).toEqual({
      admin: { endpoint: "flyte.local:9000", insecure: true },
      project: "ml",
      domain: "staging",
    });
    expect(resolveRemoteConfig({}, { HOME: h }, h)).toMatchObject({
      endpoint: "http://flyte.local:9000",
      project: "ml",
      domain: "staging",
      file: path,
    });
  });

  it("refuses to overwrite without --force, and writes where --config says", async () => {
    const h = home();
    const env = { HOME: h };
    expect((await runCli(["config", "init"], { env })).code).toBe(0);
    const again = await runCli(["config", "init", "--project", "other"], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists: pass --force to overwrite it");
    const forced = await runCli(["config", "init", "--project", "other", "--force"], { env });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(h, ".flyte", "config.yaml"), "utf8")).toMatch(/^project: other$/m);

    const local = await runCli(
      ["config", "init", "--config", "flyte.yaml", "--endpoint", "https://flyte.example.com"],
      {
        env,
        cwd: h,
      },
    );
    expect(local.code).toBe(0);
    expect(parseYaml(readFileSync(join(h, "flyte.yaml"), "utf8"))).toMatchObject({
      admin: { endpoint: "https://flyte.example.com", insecure: false },
    });

    const bad = await runCli(["config", "init", "--config", "x.yaml", "--project", "no spaces"], { env, cwd: h });
    expect(bad.code).toBe(2);
    expect(existsSync(join(h, "x.yaml"))).toBe(false);
  });
});

describe("flyte config show", () => {
  it("shows each value and where it came from: flag, env, file or default", async () => {
    const h = home();
    const env = { HOME: h };
    const defaults = await runCli(["config", "show"], { env });
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toMatch(/^endpoint\s+http:\/\/localhost:8088\s+default$/m);
    expect(defaults.stdout).toMatch(/^project\s+flytesnacks\s+default$/m);
    expect(defaults.stdout).toMatch(/^config file\s+.*config\.yaml \(not found\)\s+default$/m);

    await runCli(["config", "init", "--endpoint", "filehost:1234", "--project", "fromfile"], { env });
    const shown = await runCli(["config", "show", "-d", "production", "-o", "json"], {
      env: { ...env, FLYTE_PROJECT: "fromenv", FLYTE_TOKEN: "secret-token-abcd" },
    });
    expect(shown.code).toBe(0);
    const doc = JSON.parse(shown.stdout) as Record<string, { value: string; from: string }>;
    const path = join(h, ".flyte", "config.yaml");
    expect(doc.endpoint).toEqual({ value: "http://filehost:1234", from: `file ${path} (admin.endpoint)` });
    expect(doc.project).toEqual({ value: "fromenv", from: "env FLYTE_PROJECT" });
    expect(doc.domain).toEqual({ value: "production", from: "flag --domain" });
    expect(doc.token).toEqual({ value: "****abcd", from: "env FLYTE_TOKEN" });
    expect(doc.config_file).toEqual({ value: path, from: "default" });
  });

  it("reports a bad config file with what to fix, for every command that reads it (exit 2)", async () => {
    const h = home();
    mkdirSync(join(h, ".flyte"));
    writeFileSync(join(h, ".flyte", "config.yaml"), "admin:\n  endpont: localhost:8088\nprojct: x\n");
    const show = await runCli(["config", "show"], { env: { HOME: h } });
    expect(show.code).toBe(2);
    expect(show.stderr).toContain("unknown key admin.endpont");
    expect(show.stderr).toContain("unknown key projct");
    const get = await runCli(["get", "project"], { env: { HOME: h } });
    expect(get.code).toBe(2);
    expect(get.stderr).toContain("invalid config file");

    writeFileSync(join(h, "broken.yaml"), "admin: [\n");
    const broken = await runCli(["get", "execution", "--config", "broken.yaml"], { env: { HOME: h }, cwd: h });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("is not valid YAML");
    const missing = await runCli(["get", "execution", "--config", "nope.yaml"], { env: { HOME: h }, cwd: h });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read config file");
  });

  it("uses the config file's endpoint: an unreachable one exits 3", async () => {
    const h = home();
    const port = await closedPort();
    await runCli(["config", "init", "--endpoint", `127.0.0.1:${port}`], { env: { HOME: h } });
    const r = await runCli(["get", "workflow"], { env: { HOME: h } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`http://127.0.0.1:${port}`);
  });
});
