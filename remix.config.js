/** Remix 2 classic compiler (ESM). @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Server code reaches db/, workflows/ and signing/ through relative imports; bundle them
  // with the server so the build is one file, and keep native/wasm packages external.
  serverDependenciesToBundle: [],
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  watchPaths: ["db", "workflows", "signing"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
