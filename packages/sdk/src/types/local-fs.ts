/**
 * The only place the type engine touches the local disk (FlyteFile / FlyteDirectory local paths).
 * Node modules are imported lazily, so authoring code that never uploads or downloads a local
 * path stays free of Node-only imports.
 */

const fs = () => import("node:fs/promises");
const nodePath = () => import("node:path");

export async function readLocalFile(path: string): Promise<Uint8Array> {
  const { readFile } = await fs();
  return new Uint8Array(await readFile(path));
}

export async function writeLocalFile(path: string, bytes: Uint8Array): Promise<void> {
  const [{ mkdir, writeFile }, { dirname }] = await Promise.all([fs(), nodePath()]);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Every file under a local folder, as relative paths with `/` separators, sorted. */
export async function walkLocalDir(root: string): Promise<string[]> {
  const [{ readdir }, { join, relative, sep }] = await Promise.all([fs(), nodePath()]);
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join("/"));
    }
  };
  await visit(root);
  return out.sort();
}

export async function joinLocal(...parts: string[]): Promise<string> {
  const { join } = await nodePath();
  return join(...parts);
}
