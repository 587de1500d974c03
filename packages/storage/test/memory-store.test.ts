import { MemoryStore } from "../src/index.js";
import { runStoreContract } from "./store-contract.js";

let n = 0;
runStoreContract(
  "memory",
  () => {
    const root = `memory://contract-${++n}`;
    return Promise.resolve({ store: new MemoryStore({ root }), root });
  },
  {
    atomicConcurrentOverwrite: { supported: true },
    signedUrls: { supported: false, reason: "memory:// blobs are served by the control plane with signLocalUrl" },
  },
);
