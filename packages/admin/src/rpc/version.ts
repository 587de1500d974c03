import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { GetVersionResponseSchema, VersionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/version_pb";
import type { AdminImpl } from "./admin-impl.js";

/** What GetVersion reports (Flyte's `Version {Build, Version, BuildTime}`). */
export interface VersionInfo {
  /** The platform version (the root package.json's). */
  version: string;
  /** The git commit it was built from; "" when unknown. */
  build: string;
  /** When the control plane was built (ISO 8601); "" when unknown. */
  buildTime: string;
}

/** GetVersion. */
export function versionRpcs(info: VersionInfo): AdminImpl {
  return {
    getVersion: () =>
      create(GetVersionResponseSchema, {
        controlPlaneVersion: create(VersionSchema, {
          Version: info.version,
          Build: info.build,
          BuildTime: info.buildTime,
        }),
      }),
  };
}

/** The repository root: this file sits in `packages/admin/{src,dist}/rpc/`. */
const ROOT = new URL("../../../../", import.meta.url);

/**
 * The version of the checkout this module runs from: the root package.json's version, the git
 * commit of `.git/HEAD` when there is a checkout, and this module's file time as the build time.
 */
export function readVersionInfo(): VersionInfo {
  return { version: packageVersion(), build: gitCommit(), buildTime: buildTime() };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "";
  } catch {
    return "";
  }
}

function gitCommit(): string {
  const git = new URL(".git/", ROOT);
  try {
    const head = readFileSync(new URL("HEAD", git), "utf8").trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
    if (ref === undefined || ref.includes("..")) return "";
    try {
      return readFileSync(new URL(ref, git), "utf8").trim();
    } catch {
      const packed = readFileSync(new URL("packed-refs", git), "utf8");
      return (
        packed
          .split("\n")
          .find((l) => l.endsWith(` ${ref}`))
          ?.split(" ")[0] ?? ""
      );
    }
  } catch {
    return "";
  }
}

function buildTime(): string {
  try {
    return statSync(fileURLToPath(import.meta.url)).mtime.toISOString();
  } catch {
    return "";
  }
}
