import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../src/index.js";
import { runStoreContract } from "./store-contract.js";

runStoreContract(
  "file",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "flyte-file-store-"));
    const root = `file://${dir}/data`;
    return { store: new FileStore({ root }), root, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  { signedUrls: { supported: false, reason: "file:// URLs are signed by the control plane with signLocalUrl" } },
);
