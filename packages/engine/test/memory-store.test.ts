import { MemoryStateStore } from "../src/state/memory-store.js";
import { runStateStoreContract } from "./state-store-contract.js";

runStateStoreContract("MemoryStateStore", () =>
  Promise.resolve({ store: new MemoryStateStore(), close: () => Promise.resolve() }),
);
