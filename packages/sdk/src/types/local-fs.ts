/**
 * The only place the type engine touches the local disk (FlyteFile / FlyteDirectory local paths).
 * Node modules are imported lazily, so authoring code that never uploads or downloads a local
 * path stays free of Node-only imports.
 */

const fs = () => import("node:fs/promises");
const nodePath = () => import("node:path");

export async function readLocalFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fs()).readFile(path));
}

export async function writeLocalFile(path: string, bytes: Uint8Array): Promise<void> {
  const [f, p] = await Promise.all([fs(), nodePath()]);
  await f.mkdir(p.dirname(path), { recursive: true });
  await f.writeFile(path, bytes);
}

/** Every file under a local folder, as relative paths with `/` separators, sorted. */
export async function walkLocalDir(root: string): Promise<string[]> {
  const [f, p] = await Promise.all([fs(), nodePath()]);
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await f.readdir(dir, { withFileTypes: true })) {
      const full = p.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) out.push(p.relative(root, full).split(p.sep).join("/"));
    }
  };
  await visit(root);
  return out.sort();
}

export async function joinLocal(...parts: string[]): Promise<string> {
  return (await nodePath()).join(...parts);
}
