/** Chaining tasks without data between them (flytesnacks `chain_tasks`): `sequence` is flytekit's `>>`. */
import { sequence, t, task, workflow } from "@flyte-ts/sdk";

const store = new Map<string, string>();

export const write = task({}, () => {
  store.set("greeting", "hello");
});

export const read = task({ outputs: t.string }, () => store.get("greeting") ?? "");

export const chainTasks = workflow({ outputs: t.string }, () => {
  const w = write();
  const r = read();
  sequence(w, r);
  return r;
});
