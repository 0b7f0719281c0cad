/**
 * The layer order of src/ (README, "Module map"), checked by `npm test`:
 *   app/ and cli.ts (composition root) → web/ (pages per audience) and api/ (REST routes)
 *   → modules/<domain>/ (no HTML, no Fastify) → platform/ (plumbing, imports no module).
 * Tests and src/testing/ sit above everything and may import anything.
 */
const tests = "(\\.test\\.ts$|^src/testing/)";
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Modules depend on each other in one direction; so do the files inside a layer.",
      severity: "error",
      from: { pathNot: tests },
      to: { circular: true, viaOnly: { pathNot: tests } },
    },
    {
      name: "no-cycles-between-folders",
      comment: "Nor do modules as a whole: orders may use information only if information never uses orders.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/(modules|web|api)/" },
      to: { path: "^src/(modules|web|api)/", circular: true },
    },
    {
      name: "platform-imports-no-module",
      severity: "error",
      from: { path: "^src/platform/", pathNot: tests },
      to: { path: "^src/(modules|web|api|app)/|^src/cli\\.ts$" },
    },
    {
      name: "modules-below-the-web",
      comment: "A module holds services, queries, policies and presenters: no pages, no routes.",
      severity: "error",
      from: { path: "^src/modules/", pathNot: tests },
      to: { path: "^src/(web|api|app)/|^src/cli\\.ts$" },
    },
    {
      name: "modules-without-fastify",
      severity: "error",
      from: { path: "^src/modules/", pathNot: tests },
      to: { path: "node_modules/(fastify|@fastify)/" },
    },
    {
      name: "web-and-api-below-the-root",
      severity: "error",
      from: { path: "^src/(web|api)/", pathNot: tests },
      to: { path: "^src/app/|^src/cli\\.ts$" },
    },
    {
      name: "api-without-pages",
      comment: "The REST routes answer JSON: they use no page helper.",
      severity: "error",
      from: { path: "^src/api/", pathNot: tests },
      to: { path: "^src/web/" },
    },
    {
      name: "pages-without-routes",
      comment: "Pages call the modules as the API does; what both need lives in a module or in platform.",
      severity: "error",
      from: { path: "^src/web/", pathNot: tests },
      to: { path: "^src/api/" },
    },
    {
      name: "not-to-tests",
      severity: "error",
      from: { pathNot: tests },
      to: { path: tests },
    },
  ],
  options: {
    // Tests are at the top and may import anything: they are not part of the layering.
    exclude: { path: tests },
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
