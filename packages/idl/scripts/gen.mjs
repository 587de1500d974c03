#!/usr/bin/env node
// Generates TypeScript for the flyteidl protos (protobuf-es v2) into src/gen (git-ignored).
//
// The @flyteorg/flyteidl package ships its .proto files but not the google/api and
// protoc-gen-openapiv2 protos its services import. We copy the protos into .protos/, strip every
// openapiv2 option (documentation only) and add our own stand-ins for google/api/http.proto and
// google/api/annotations.proto (proto-stubs/), which keep the google.api.http REST rules.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "..");
const require = createRequire(import.meta.url);
const flyteidlDir = dirname(require.resolve("@flyteorg/flyteidl/package.json"));
const flyteidlVersion = JSON.parse(readFileSync(join(flyteidlDir, "package.json"), "utf8")).version;
const protoSrc = join(flyteidlDir, "protos");
const work = join(pkgDir, ".protos");
const out = join(pkgDir, "src", "gen");

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Removes `option (grpc.gateway.protoc_gen_openapiv2.options.X) = { ... };` blocks and imports. */
export function stripOpenApi(text) {
  let result = "";
  let i = 0;
  const marker = /option\s*\(\s*grpc\.gateway\.protoc_gen_openapiv2\.options\.[a-z_0-9]+\s*\)\s*=\s*/g;
  for (;;) {
    marker.lastIndex = i;
    const m = marker.exec(text);
    if (!m) break;
    // Keep commented-out options untouched: they are inert.
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    if (text.slice(lineStart, m.index).includes("//")) {
      result += text.slice(i, m.index + m[0].length);
      i = m.index + m[0].length;
      continue;
    }
    result += text.slice(i, m.index);
    let j = m.index + m[0].length;
    if (text[j] === "{") {
      let depth = 0;
      let inString = false;
      for (; j < text.length; j++) {
        const c = text[j];
        if (inString) {
          if (c === "\\") j++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) break;
      }
      j++;
    } else {
      j = text.indexOf(";", j);
    }
    while (/\s/.test(text[j] ?? "")) j++;
    if (text[j] === ";") j++;
    i = j;
  }
  result += text.slice(i);
  return result.replace(/^import\s+"protoc-gen-openapiv2\/[^"]+";\s*$/gm, "");
}

function inputsDigest() {
  const h = createHash("sha256");
  h.update(flyteidlVersion);
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const f of walk(join(pkgDir, "proto-stubs")).sort()) h.update(readFileSync(f));
  return h.digest("hex");
}

const stamp = join(out, ".stamp");
const digest = inputsDigest();
if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) {
  process.exit(0);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (const file of walk(protoSrc)) {
  if (!file.endsWith(".proto")) continue;
  const rel = relative(protoSrc, file);
  const dest = join(work, rel);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, stripOpenApi(readFileSync(file, "utf8")));
}
cpSync(join(pkgDir, "proto-stubs"), work, { recursive: true });
writeFileSync(join(work, "buf.yaml"), "version: v2\n");
const plugin = join(dirname(require.resolve("@bufbuild/protoc-gen-es/package.json")), "bin", "protoc-gen-es");
writeFileSync(
  join(work, "buf.gen.yaml"),
  [
    "version: v2",
    "plugins:",
    `  - local: ["node", ${JSON.stringify(plugin)}]`,
    `    out: ${JSON.stringify(out)}`,
    "    opt:",
    "      - target=ts",
    "      - import_extension=js",
    "",
  ].join("\n"),
);
rmSync(out, { recursive: true, force: true });
const buf = join(dirname(require.resolve("@bufbuild/buf/package.json")), "bin", "buf");
execFileSync(buf, ["generate"], { cwd: work, stdio: "inherit" });
writeFileSync(stamp, digest);
const count = walk(out).filter((f) => f.endsWith(".ts")).length;
console.log(`idl: generated ${count} files from @flyteorg/flyteidl@${flyteidlVersion}`);
