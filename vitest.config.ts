import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Tests run against the TypeScript sources of every workspace package, not their build output.
const alias: { find: RegExp; replacement: string }[] = [
  { find: /^@flyte-ts\/idl\/gen\/(.*)$/, replacement: `${root}packages/idl/src/gen/$1.ts` },
];
for (const group of ["packages", "apps"]) {
  for (const dir of readdirSync(`${root}${group}`)) {
    if (existsSync(`${root}${group}/${dir}/src/index.ts`)) {
      alias.push({ find: new RegExp(`^@flyte-ts/${dir}$`), replacement: `${root}${group}/${dir}/src/index.ts` });
    }
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
    ],
    // Type-level tests (`*.test-d.ts`): vitest runs `tsc` over them and fails on any type error,
    // including an `@ts-expect-error` that meets no error.
    typecheck: {
      enabled: true,
      include: ["packages/sdk/test/types/**/*.test-d.ts"],
      tsconfig: "packages/sdk/test/types/tsconfig.json",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
