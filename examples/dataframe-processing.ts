/** Dataframes (flytesnacks `structured_dataset`): Parquet-backed tables with typed columns. */
import { tableFromArrays } from "apache-arrow";
import { DataFrame, t, task, workflow } from "@flyte-ts/sdk";

const columns = { name: t.string, age: t.int, height: t.float };

export const makeTable = task({ inputs: { n: t.int }, outputs: t.dataframe(columns) }, ({ n }) => {
  const ids = Array.from({ length: n }, (_, i) => i);
  return new DataFrame(
    tableFromArrays({
      name: ids.map((i) => `person-${i}`),
      age: Int32Array.from(ids, (i) => 20 + (i % 50)),
      height: Float64Array.from(ids, (i) => 150 + (i % 40)),
    }),
  );
});

/** Reads only the columns it declares (a column subset of the upstream dataframe). */
export const meanAge = task({ inputs: { people: t.dataframe({ age: t.int }) }, outputs: t.float }, ({ people }) => {
  const ages = people.table.getChild("age")?.toArray() as ArrayLike<number> | undefined;
  if (!ages || ages.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < ages.length; i++) sum += Number(ages[i]);
  return sum / ages.length;
});

export const dataframeWf = workflow({ inputs: { n: t.int }, outputs: t.float, defaults: { n: 100 } }, ({ n }) =>
  meanAge({ people: makeTable({ n }) }),
);
