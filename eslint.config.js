import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "packages/idl/src/gen/**",
      "packages/idl/.protos/**",
      "coverage/**",
      "**/*.mjs",
      "**/*.cjs",
      "apps/*/bin/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ["./tsconfig.eslint.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // The web console is browser code (DOM, JSX): its own program (apps/console/tsconfig.json).
    files: ["apps/console/src/**/*.ts", "apps/console/src/**/*.tsx"],
    languageOptions: {
      parserOptions: { project: ["./apps/console/tsconfig.json"], tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ["eslint.config.js", "**/*.js"], ...tseslint.configs.disableTypeChecked },
);
