/** Named outputs: a task returning a record of named values (flytesnacks `named_outputs`). */
import { t, task, workflow } from "@flyte-ts/sdk";

export const sayHello = task({ outputs: { greet: t.string } }, () => ({ greet: "hello world" }));

export const namedOutputsWorkflow = workflow({ outputs: { greet1: t.string, greet2: t.string } }, () => {
  const first = sayHello();
  const second = sayHello();
  return { greet1: first.greet, greet2: second.greet };
});
