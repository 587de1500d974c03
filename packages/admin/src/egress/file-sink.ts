import { mkdir, open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import type { EgressSink } from "./egress-sink.js";

/** Appends each CloudEvent as one JSON line to a local file (created with its directory). */
export class FileSink implements EgressSink {
  readonly name: string;
  readonly #path: string;
  #file: Promise<FileHandle> | undefined;
  constructor(options: { name: string; path: string }) {
    this.name = options.name;
    this.#path = options.path;
  }

  async send(cloudEvent: string): Promise<void> {
    this.#file ??= mkdir(dirname(this.#path), { recursive: true }).then(() => open(this.#path, "a"));
    let file: FileHandle;
    try {
      file = await this.#file;
    } catch (e) {
      this.#file = undefined;
      throw e;
    }
    await file.write(`${cloudEvent}\n`);
  }

  async close(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    if (file) await (await file).close();
  }
}
