/** A container task in any language (flytesnacks `raw_container`): a shell script computing an ellipse's area. */
import { readFileSync } from "node:fs";
import { containerTask, t, task, workflow } from "@flyte-ts/sdk";

const script = readFileSync(new URL("./scripts/ellipse-area.sh", import.meta.url), "utf8");

export const ellipseAreaShell = containerTask({
  name: "ellipse-area-metadata-shell",
  image: "alpine:3.20",
  inputs: { a: t.float, b: t.float },
  outputs: { area: t.float, metadata: t.string },
  inputDir: "/var/inputs",
  outputDir: "/var/outputs",
  command: ["sh", "-c", script, "ellipse-area", "{{.inputs.a}}", "{{.inputs.b}}", "/var/outputs"],
  resources: { requests: { cpu: "100m", memory: "64Mi" } },
});

export const report = task(
  { inputs: { area: t.float, metadata: t.string }, outputs: t.string },
  ({ area, metadata }) => `area ${area.toFixed(2)} computed by ${metadata}`,
);

export const containerWf = workflow({ inputs: { a: t.float, b: t.float }, outputs: t.string }, ({ a, b }) => {
  const ellipse = ellipseAreaShell({ a, b });
  return report({ area: ellipse.area, metadata: ellipse.metadata });
});
