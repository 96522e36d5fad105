// Lint: TypeScript rules plus the import directions of ARCHITECTURE.md
// (workflows/ and signing/ import nothing of ours; db/ only workflows/; nothing imports app/).
import tseslint from "typescript-eslint";
import globals from "globals";

const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**"] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["workflows/**"],
    rules: restrict(["**/app/**", "**/db/**", "**/signing/**", "~/*"], "workflows/ is pure: it imports nothing of ours."),
  },
  {
    files: ["signing/**"],
    rules: restrict(["**/app/**", "**/db/**", "**/workflows/**", "~/*"], "signing/ imports nothing of ours."),
  },
  {
    files: ["db/**"],
    rules: restrict(["**/app/**", "**/signing/**", "~/*"], "db/ may import only workflows/."),
  },
  {
    files: ["e2e/**", "bench/**"],
    rules: restrict(["**/app/**", "~/*"], "Nothing imports app/."),
  },
  {
    // The reports benchmark times the dashboard's own queries (issue 12): it may call the reports
    // services and the portal's clock, nothing else of app/.
    files: ["bench/reports.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/app/*", "!**/app/services", "!**/app/time", "**/app/services/*", "!**/app/services/reports"], message: "bench/reports.ts imports only app/services/reports/ and app/time." },
            { group: ["~/*"], message: "Nothing imports app/." },
          ],
        },
      ],
    },
  },
);
