import { create } from "@bufbuild/protobuf";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { literalMap, literals } from "@flyte-ts/idl";
import { EchoPlugin, InProcessPlugin } from "../src/index.js";
import { taskPluginContract } from "./task-plugin-contract.js";

const template = (type: string, name: string) =>
  create(TaskTemplateSchema, {
    id: { name },
    type,
    interface: { outputs: { variables: { x: { type: { type: { case: "simple", value: 1 } } } } } },
  });

taskPluginContract({
  name: "echo",
  make: () => new EchoPlugin(),
  succeeds: {
    template: template("echo", "echo_task"),
    inputs: literalMap({ x: literals.integer(4) }),
    outputs: literalMap({ x: literals.integer(4) }),
  },
});

taskPluginContract({
  name: "in-process",
  make: () =>
    new InProcessPlugin({
      taskTypes: ["in-process"],
      tasks: {
        double: (inputs) => {
          const x = inputs.literals.x;
          const v =
            x?.value.case === "scalar" &&
            x.value.value.value.case === "primitive" &&
            x.value.value.value.value.value.case === "integer"
              ? x.value.value.value.value.value.value
              : 0n;
          return literalMap({ x: literals.integer(v * 2n) });
        },
        broken: () => {
          throw new Error("broken body");
        },
      },
    }),
  succeeds: {
    template: template("in-process", "double"),
    inputs: literalMap({ x: literals.integer(4) }),
    outputs: literalMap({ x: literals.integer(8) }),
  },
  fails: { template: template("in-process", "broken"), inputs: literalMap({}) },
});
