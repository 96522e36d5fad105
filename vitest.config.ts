import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["workflows/**/*.test.ts", "signing/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
