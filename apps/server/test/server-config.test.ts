import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PORT, InvalidServerConfigError, loadServerConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "flyte-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { home: "/home/u", cwd: "/work" };

describe("loadServerConfig: defaults ← YAML ← FLYTE_* env ← flags", () => {
  it("defaults: loopback, port 8088, data under the home directory", () => {
    const c = loadServerConfig(base);
    expect(c).toMatchObject({ host: "127.0.0.1", port: DEFAULT_PORT, dataDir: "/home/u/.flyte-ts" });
    expect(c.engine).toMatchObject({ workers: 2, codeRoot: "/work", allowLocalProcess: false });
  });

  it("layers override in order, relative paths are resolved against the working directory", () => {
    const file = join(dir, "flyte.yaml");
    writeFileSync(file, "port: 9000\nhost: 0.0.0.0\ndataDir: data\nengine:\n  workers: 4\n");
    const c = loadServerConfig({
      ...base,
      file,
      env: { FLYTE_PORT: "9100", FLYTE_WORKERS: "3" },
      overrides: { port: 9200 },
    });
    expect(c.port).toBe(9200);
    expect(c.host).toBe("0.0.0.0");
    expect(c.dataDir).toBe("/work/data");
    expect(c.engine.workers).toBe(3);
  });

  it("every problem is listed with its key; unreadable and non-YAML files are named", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "port: -1\ndatabase:\n  url: mysql://x\nstorage:\n  root: s3://b\nextra: 1\n");
    let err: unknown;
    try {
      loadServerConfig({ ...base, file });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidServerConfigError);
    const message = (err as Error).message;
    expect(message).toContain(file);
    expect(message).toContain("port must be an integer from 0 to 65535");
    expect(message).toContain("database.url must be a postgres:// URL");
    expect(message).toContain("storage.root must be a file:/// URI");
    expect(message).toContain("unknown key extra");
    expect(() => loadServerConfig({ ...base, file: join(dir, "missing.yaml") })).toThrow(/cannot read/);
    const notYaml = join(dir, "not.yaml");
    writeFileSync(notYaml, "port: [1,\n");
    expect(() => loadServerConfig({ ...base, file: notYaml })).toThrow(/not valid YAML/);
    writeFileSync(notYaml, "- 1\n- 2\n");
    expect(() => loadServerConfig({ ...base, file: notYaml })).toThrow(/must be a mapping/);
  });

  it("environment errors name the variable", () => {
    expect(() => loadServerConfig({ ...base, env: { FLYTE_WORKERS: "many" } })).toThrow(
      /FLYTE_WORKERS \(engine.workers\)/,
    );
  });
});
