import { readFile } from "node:fs/promises";

const PAGE_BYTES = 4096;

/** Resident memory of a process in MiB (Linux `/proc/<pid>/statm`), or undefined where it cannot be read. */
export async function residentMb(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined || process.platform !== "linux") return undefined;
  try {
    const statm = await readFile(`/proc/${pid}/statm`, "utf8");
    return (Number(statm.split(" ")[1]) * PAGE_BYTES) / (1024 * 1024);
  } catch {
    return undefined; // the process is gone; its exit handler reports it
  }
}
