import { execFile, spawn } from "node:child_process";
import { stat } from "node:fs/promises";

export type RuntimeKind = "podman" | "docker";

/** A container CLI that answered `info`: it can run containers here. */
export interface ContainerRuntime {
  readonly kind: RuntimeKind;
  readonly binary: string;
}

export interface RuntimeCandidate {
  readonly kind: RuntimeKind;
  readonly binary: string;
}

export interface Detection {
  readonly runtime: ContainerRuntime | undefined;
  /** Why each candidate was rejected, for the error message. */
  readonly rejected: readonly string[];
}

/** Runs a command, resolving its exit code and output (never rejects). */
export function run(
  binary: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (err && code === -1 ? err.message : "") });
    });
  });
}

/**
 * The first candidate whose `info` succeeds: a binary alone is not enough (a docker CLI with no
 * daemon fails `docker info`).
 */
export async function detectRuntime(candidates: readonly RuntimeCandidate[], timeoutMs = 20_000): Promise<Detection> {
  const rejected: string[] = [];
  for (const c of candidates) {
    const r = await run(c.binary, ["info"], timeoutMs);
    if (r.code === 0) return { runtime: { kind: c.kind, binary: c.binary }, rejected };
    const why = r.stderr.trim().split("\n").slice(-1)[0] ?? "";
    rejected.push(`${c.kind} (${c.binary}): ${why || `exit code ${r.code}`}`);
  }
  return { runtime: undefined, rejected };
}

export interface Mount {
  readonly host: string;
  readonly container: string;
  readonly readOnly: boolean;
}

export interface RunSpec {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly Mount[];
  /** e.g. `nofile=4096:4096`. */
  readonly ulimits: readonly string[];
  /** podman's `--runtime` (e.g. `runc`). */
  readonly ociRuntime?: string;
  readonly network?: string;
  readonly pull?: "never" | "missing";
  readonly cpus?: number;
  readonly memoryBytes?: number;
}

/** The `run` arguments for podman or docker (k8s semantics: `command` replaces the entrypoint). */
export function runArgs(kind: RuntimeKind, spec: RunSpec): string[] {
  const a = ["run", "--name", spec.name];
  if (kind === "podman" && spec.ociRuntime) a.push("--runtime", spec.ociRuntime);
  if (spec.network) a.push("--network", spec.network);
  if (spec.pull) a.push(`--pull=${spec.pull}`);
  if (spec.cpus !== undefined) a.push("--cpus", String(spec.cpus));
  if (spec.memoryBytes !== undefined) a.push("--memory", String(spec.memoryBytes));
  for (const u of spec.ulimits) a.push("--ulimit", u);
  for (const m of spec.mounts) a.push("-v", `${m.host}:${m.container}${m.readOnly ? ":ro" : ""}`);
  for (const [k, v] of Object.entries(spec.env)) a.push("-e", `${k}=${v}`);
  const [entry, ...rest] = spec.command;
  if (entry === undefined) return [...a, spec.image, ...spec.args];
  if (kind === "podman") return [...a, "--entrypoint", JSON.stringify(spec.command), spec.image, ...spec.args];
  return [...a, "--entrypoint", entry, spec.image, ...rest, ...spec.args];
}

/**
 * Makes `image` available: present already, or imported from a local rootfs (a tarball or a
 * directory) with `<runtime> import`. Returns false when it is absent and no rootfs is known.
 */
export async function ensureImage(
  rt: ContainerRuntime,
  image: string,
  rootfs: string | undefined,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const exists = rt.kind === "podman" ? ["image", "exists", image] : ["image", "inspect", image];
  if ((await run(rt.binary, exists)).code === 0) return { ok: true };
  if (rootfs === undefined) return { ok: false, reason: `image ${image} is not available locally` };
  const st = await stat(rootfs).catch(() => undefined);
  if (!st) return { ok: false, reason: `the rootfs ${rootfs} configured for image ${image} does not exist` };
  const r = st.isDirectory()
    ? await importDir(rt, rootfs, image)
    : await run(rt.binary, ["import", rootfs, image], 300_000);
  return r.code === 0
    ? { ok: true }
    : { ok: false, reason: `${rt.kind} import of ${rootfs} failed: ${r.stderr.trim()}` };
}

function importDir(rt: ContainerRuntime, dir: string, image: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const tar = spawn("tar", ["-C", dir, "-c", "."], { stdio: ["ignore", "pipe", "ignore"] });
    const imp = spawn(rt.binary, ["import", "-", image], { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    imp.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    imp.stdin.on("error", () => {});
    tar.stdout.pipe(imp.stdin);
    tar.on("error", (e) => resolve({ code: -1, stderr: e.message }));
    imp.on("error", (e) => resolve({ code: -1, stderr: e.message }));
    imp.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}
