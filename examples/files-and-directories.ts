/** Files and directories (flytesnacks `files`, `folders`): CSV normalisation over blobs. */
import { FlyteDirectory, FlyteFile, t, task, workflow } from "@flyte-ts/sdk";

function normalizeCsv(text: string, columns: readonly string[]): string {
  const [header = "", ...rows] = text.trim().split("\n");
  const names = header.split(",");
  const idx = columns.map((c) => names.indexOf(c));
  const table = rows.map((r) => r.split(","));
  const stats = idx.map((i) => {
    const values = table.map((r) => Number(r[i]));
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(values.length, 1)) || 1;
    return { mean, sd };
  });
  const out = table.map((r) =>
    r
      .map((v, j) => {
        const k = idx.indexOf(j);
        const s = stats[k];
        return k >= 0 && s ? String((Number(v) - s.mean) / s.sd) : v;
      })
      .join(","),
  );
  return [header, ...out].join("\n") + "\n";
}

export const normalizeColumns = task(
  {
    inputs: { csvFile: t.file("csv"), columnNames: t.list(t.string), columnsToNormalize: t.list(t.string) },
    outputs: t.file("csv"),
  },
  async ({ csvFile, columnsToNormalize }) => {
    const text = await csvFile.text();
    return FlyteFile.fromBytes(new TextEncoder().encode(normalizeCsv(text, columnsToNormalize)), "normalized.csv");
  },
);

export const normalizeCsvFile = workflow(
  {
    inputs: { csvUrl: t.file("csv"), columnNames: t.list(t.string), columnsToNormalize: t.list(t.string) },
    outputs: t.file("csv"),
  },
  ({ csvUrl, columnNames, columnsToNormalize }) =>
    normalizeColumns({ csvFile: csvUrl, columnNames, columnsToNormalize }),
);

export const normalizeAllFiles = task(
  { inputs: { csvDir: t.directory(), columnsToNormalize: t.list(t.string) }, outputs: t.directory() },
  async ({ csvDir, columnsToNormalize }) => {
    const files: Record<string, Uint8Array> = {};
    for (const name of await csvDir.list()) {
      const text = new TextDecoder().decode(await csvDir.read(name));
      files[name] = new TextEncoder().encode(normalizeCsv(text, columnsToNormalize));
    }
    return FlyteDirectory.fromFiles(files, "normalized");
  },
);

export const normalizeCsvFolder = workflow(
  { inputs: { csvDir: t.directory(), columnsToNormalize: t.list(t.string) }, outputs: t.directory() },
  ({ csvDir, columnsToNormalize }) => normalizeAllFiles({ csvDir, columnsToNormalize }),
);
