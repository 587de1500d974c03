import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFunction } from "node:vm";
import * as arrow from "apache-arrow";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as sdk from "../src/index.js";

/**
 * Every `ts` block of the SDK README (and of the root README) is type-checked against the SDK
 * sources, then run: its exports are packaged and compiled, and an exported `demo` function is
 * called. A snippet that drifts from the API fails here.
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
const readmes = ["packages/sdk/README.md", "README.md"];

interface Snippet {
  readonly name: string;
  /** Where the snippet is type-checked (a file that does not exist, next to this test). */
  readonly file: string;
  readonly code: string;
}

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  for (const readme of readmes) {
    const text = readFileSync(join(root, readme), "utf8");
    for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
      const line = text.slice(0, m.index).split("\n").length;
      const slug = readme.replace(/[^A-Za-z0-9]+/g, "-");
      out.push({ name: `${readme}:${line}`, file: join(here, `readme-${slug}-${line}.ts`), code: m[1] ?? "" });
    }
  }
  return out;
}

/** Type errors of the snippets, compiled together with the SDK sources under the repo's settings. */
function typeErrors(all: readonly Snippet[]): string[] {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    incremental: false,
    paths: { "@flyte-ts/sdk": [join(root, "packages/sdk/src/index.ts")] },
  };
  const virtual = new Map(all.map((s) => [s.file, s.code]));
  const real = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...real,
    fileExists: (f) => virtual.has(f) || real.fileExists(f),
    readFile: (f) => virtual.get(f) ?? real.readFile(f),
    getSourceFile: (f, lang, onError, create) => {
      const code = virtual.get(f);
      return code === undefined ? real.getSourceFile(f, lang, onError, create) : ts.createSourceFile(f, code, lang);
    },
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || virtual.has(d.file.fileName))
    .map((d) => {
      const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

const modules: Readonly<Record<string, unknown>> = { "@flyte-ts/sdk": sdk, zod: z, "apache-arrow": arrow };
const nodeRequire = createRequire(import.meta.url);

/** Runs a snippet as a CommonJS module whose imports are this test's SDK, zod and Arrow instances. */
function load(s: Snippet): Record<string, unknown> {
  const js = ts.transpileModule(s.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: s.file,
  }).outputText;
  const exports: Record<string, unknown> = {};
  const require = (id: string): unknown => modules[id] ?? nodeRequire(id);
  const fn = compileFunction(js, ["require", "exports", "module"], { filename: s.file }) as (
    req: typeof require,
    exp: typeof exports,
    mod: { exports: typeof exports },
  ) => void;
  fn(require, exports, { exports });
  return exports;
}

describe("README snippets", () => {
  const all = snippets();

  it("finds the snippets", () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  it("type-check against the SDK", () => {
    expect(typeErrors(all)).toEqual([]);
  });

  for (const s of all) {
    it(`${s.name} defines entities that package and compile`, async () => {
      const exports = load(s);
      const pkg = await sdk.buildPackage([{ modulePath: `readme/${s.name.replace(/\W+/g, "_")}.ts`, exports }]);
      expect(pkg.entries.length).toBeGreaterThan(0);
      expect(sdk.checkPackage(pkg).errors).toEqual([]);
      const demo = exports["demo"];
      if (typeof demo === "function") await (demo as () => Promise<unknown>)();
    });
  }
});
