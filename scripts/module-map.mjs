#!/usr/bin/env node
// The README's module map, generated from the import lines of src/modules (tests excluded).
// `node scripts/module-map.mjs` rewrites the table; `--check` fails when the README is out of date.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.chdir(path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
const owns = {
  credentials: "ticket secrets (Ed25519 per event, checked offline) and rotating codes",
  accounts: "people: external and internal accounts, sessions, passwords, setup tokens",
  organizers: "organizers, their members and event-admin grants, API tokens",
  audit: "the audit log and the order log every other module writes to",
  events: "events, dates, calendars, the event lookup by slug",
  guestcards: "guest cards (seed 001): registration forms, municipalities, partner API, QR",
  wallet: "the wallet provider sync, lifecycle tracker and webhooks (seed 004)",
  catalog: "ticket types, quotas, options, audiences",
  experiences: "experiences (seed 002): ticket sources, programme, bookings, exhibitors",
  information: "required information: fields per ticket type and the answers per ticket",
  vouchers: "vouchers and their usages",
  checkin: "check-in lists, the door decision, the offline package",
  exports: "order exports (CSV, XLSX, ZIP) as jobs",
  orders: "checkout, orders and their tickets, lifecycle, confirmation mails",
  payments: "payment accounts and their defaults, the ledger, PayPal, Lydia and Stripe",
  privacy: "deletion, anonymization, retention, a person’s data export",
  reports: "sales summaries per event and the next steps of an organizer’s setup (dashboards)",
  rooms: "online rooms on BigBlueButton and their ticket links",
  tickets: "ticket documents (PDF, templates), live tickets, reissue",
  "waiting-room": "the on-sale queue: places in arrival order, admission at a rate, signed passes",
};
const files = [];
(function walk(d) {
  for (const f of fs.readdirSync(d)) {
    const p = path.join(d, f);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(p);
  }
})("src/modules");
const uses = {};
for (const f of files) {
  const a = f.split(path.sep)[2];
  uses[a] ??= new Set();
  const src = fs.readFileSync(f, "utf8");
  for (const m of src.matchAll(/from\s+"(\.[^"]+)"/g)) {
    const t = path.normalize(path.join(path.dirname(f), m[1]));
    const mm = t.match(/^src\/modules\/([^/]+)/);
    if (mm && mm[1] !== a) uses[a].add(mm[1]);
  }
}
const depth = {};
// A module's height: 0 for one that uses no module, else one more than the highest it uses.
const height = (m) => (depth[m] ??= uses[m].size ? 1 + Math.max(...[...uses[m]].map(height)) : 0);
Object.keys(uses).forEach(height);
const missing = Object.keys(uses).filter((m) => !owns[m]);
if (missing.length) throw new Error(`module-map: say what ${missing} owns in scripts/module-map.mjs`);
const rows = Object.entries(uses)
  .sort((a, b) => depth[a[0]] - depth[b[0]] || a[0].localeCompare(b[0]))
  .map(([m, s]) => `| \`${m}\` | ${owns[m]} | ${[...s].sort().join(", ") || "platform only"} |`);
let r = fs.readFileSync("README.md", "utf8");
const head = "| module | owns | uses |\n|---|---|---|\n";
const i = r.indexOf(head) + head.length;
const j = r.indexOf("\n\n", i);
r = r.slice(0, i) + rows.join("\n") + r.slice(j);
if (process.argv.includes("--check")) {
  if (r !== fs.readFileSync("README.md", "utf8")) {
    console.error("The README's module map is out of date: run npm run module-map");
    process.exit(1);
  }
  console.log("module map: README is current");
} else fs.writeFileSync("README.md", r);
