/** Hello world: one task, one workflow (flytesnacks `hello_world`). */
import { t, task, workflow } from "@flyte-ts/sdk";

export const sayHello = task({ outputs: t.string, description: "Greets the world" }, () => "hello world");

export const helloWorld = workflow({ outputs: t.string }, () => sayHello());
