import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DataFrame, FlyteDirectory, FlyteFile } from "@flyte-ts/sdk";

/** Local paths of files, directories and dataframes become `file://` URIs (after checking they exist). */
export function localizePaths(value: unknown, base: string, what: string, problems: string[]): unknown {
  const local = (path: string, dir: boolean): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
    const abs = resolve(base, path);
    if (!existsSync(abs)) {
      problems.push(`${what}: no such ${dir ? "folder" : "file"} ${path}`);
      return undefined;
    }
    if (dir !== statSync(abs).isDirectory()) {
      problems.push(`${what}: ${path} is ${dir ? "not a folder" : "a folder, not a file"}`);
      return undefined;
    }
    return pathToFileURL(abs).href;
  };
  if (value instanceof FlyteFile && !value.isRemote && !value.inMemory) {
    const uri = local(value.path, false);
    return uri === undefined ? value : new FlyteFile(uri);
  }
  if (value instanceof FlyteDirectory && !value.isRemote) {
    const uri = local(value.path, true);
    return uri === undefined ? value : new FlyteDirectory(uri);
  }
  if (value instanceof DataFrame && !value.isLoaded && value.uri !== undefined) {
    const path = value.uri;
    const abs = resolve(base, path);
    const isDir = existsSync(abs) && statSync(abs).isDirectory();
    const uri = local(path, isDir);
    return uri === undefined ? value : DataFrame.fromUri(uri);
  }
  if (Array.isArray(value)) return value.map((v, i) => localizePaths(v, base, `${what}[${i}]`, problems));
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [k, localizePaths(v, base, `${what}.${String(k)}`, problems)]));
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, localizePaths(v, base, `${what}.${k}`, problems)]),
    );
  }
  return value;
}
