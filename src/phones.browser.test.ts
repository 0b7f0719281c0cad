import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSetupToken, requestPasswordReset } from "./modules/accounts/service.js";
import { orderLinkSigner } from "./modules/orders/guest-links.js";
import { findOrganizer, inviteMember } from "./modules/organizers/service.js";
import { superadmin } from "./platform/auth/actor.js";
import { type ActorName, seedWorld, type World } from "./testing/actors.js";
import { ADMIN_TOKEN, createTestApp } from "./testing/app.js";
import { launchChromium, SCREENSHOT_DIR } from "./testing/chromium.js";
import { dialects } from "./testing/databases.js";
import { startFakeBbb } from "./testing/fakes/bbb.js";
import { startFakeLydia } from "./testing/fakes/lydia.js";
import { LOGIN, TOKENS } from "./testing/fakes/lydia-setup.js";
import { collectRoutes, type RegisteredRoute } from "./testing/routes.js";
import { seedSales } from "./testing/sales.js";
import { api } from "./testing/ticketing.js";

/*
 * Every page people use, on the phones people have: 360, 390 and 430 px wide. The pages come from
 * the routes the app registers, so a page added later fails here until it is visited or skipped with
 * a reason. At each width nothing may scroll sideways (an element wider than the screen is allowed
 * only inside a box that scrolls or clips on purpose, like a wide table in its .table-wrap), and no
 * input, select, textarea or button may be cut off at the right edge. One full-page screenshot per
 * page at 390 px lands in test-output/screenshots/phones/; a few pages are also shot at 1280 px, the
 * laptop they were designed on, to see that the phone fixes left it alone.
 */

const PHONE = { width: 390, height: 844 };
/** Shot at 390, checked at each; 451 px is where the issue saw an event's backoffice scroll sideways. */
const WIDTHS = [PHONE, { width: 360, height: 780 }, { width: 430, height: 932 }, { width: 451, height: 900 }];
const LAPTOP = { width: 1280, height: 800 };
const SHOTS = path.join(SCREENSHOT_DIR, "phones");
const BBB_SECRET = "phones-bbb-secret";

type As = "anonymous" | "buyer" | "ownerA" | "exhibitor" | "superadmin";
interface Visit {
  as: As;
  url: string;
  /** For the screenshot's file name where one route is visited more than once. */
  name?: string;
  /** The page is an error page people do see (a used or unknown link): its status. */
  status?: number;
}
type Plan = Record<string, Visit[] | { skip: string }>;

const SERIES = "/admin/organizers/org/events/series";
const ORG = "/admin/organizers/org";

/** Which page of each GET route to open, as whom, or why the route is no page to look at. */
function plan(w: World, extra: Extras, pages: string[]): Plan {
  const own = accountPlan(w, extra);
  // A guest reaches the same order pages through the signed link of their mail: each page under
  // /orders/:token is its twin under /account/orders/:code, opened with the link instead of a session.
  for (const page of pages) {
    const twin = own[page.replace("GET /orders/:token", "GET /account/orders/:code")];
    if (!page.startsWith("GET /orders/:token") || !twin) continue;
    own[page] = Array.isArray(twin)
      ? twin.map((visit) => ({
          as: "anonymous",
          url: visit.url.replace(
            /^\/account\/orders\/([A-Z0-9]+)/,
            (_, code: string) => `/orders/${extra.guestLinks[code] ?? "unknown"}`,
          ),
          name: `guest-${visit.name ?? fileName(visit.url)}`,
        }))
      : twin;
  }
  return own;
}

function accountPlan(w: World, extra: Extras): Plan {
  const { ids } = w;
  const v = (as: As, url: string, name?: string): Visit[] => [{ as, url, name }];
  const notPage = (what: string) => ({ skip: `not a page: ${what}` });
  return {
    "GET /assets/:name": notPage("the stylesheet and scripts"),
    "GET /assets/door/*": notPage("the scanner's rule scripts"),
    "GET /favicon.ico": notPage("the icon"),
    "GET /healthz": notPage("the health check"),
    "GET /lang/:code": notPage("a redirect back to the page the language was picked on"),
    "GET /e/:organizer/:event/calendar.ics": notPage("a calendar file"),
    "GET /covers/:file": notPage("an event's cover picture"),
    "GET /account/orders/:code/pay/lydia/:paymentId/status": notPage("JSON for the waiting page's script"),
    "GET /account/orders/:code/pay/stripe/:paymentId/status": notPage("JSON for the return page's script"),
    "GET /account/orders/:code/pay/stripe/:paymentId": {
      skip: "Stripe's return page asks Stripe about the attempt: it needs the fake Stripe of the Stripe tests",
    },
    "GET /account/orders/:code/tickets.pdf": notPage("the order's tickets as a PDF"),
    "GET /tickets/live/:token/code": notPage("the live ticket's QR picture"),
    "GET /admin/outbox/:file": notPage("a mail, downloaded as an .eml file"),
    "GET /embed/resize.js": notPage("the partner site's resize script"),
    "GET /embed/frame.js": notPage("the embed's own script"),
    "GET /embed/:organizer/:event/experiences/:id/image": notPage("an experience's picture"),

    // The buyer's side
    "GET /": v("anonymous", "/"),
    "GET /e/:organizer/:event": [
      { as: "anonymous", url: "/e/org/series", name: "event-list" },
      { as: "anonymous", url: "/e/org/series?view=month&month=2031-03", name: "event-month" },
    ],
    "GET /e/:organizer/:event/dates/:id": v("buyer", `/e/org/series/dates/${ids.date}`),
    "GET /e/:organizer/:event/queue": v("anonymous", "/e/org/sale/queue"),
    "GET /login": v("anonymous", "/login"),
    "GET /register": v("anonymous", "/register"),
    "GET /password/forgot": v("anonymous", "/password/forgot"),
    "GET /password/reset/:token": v("anonymous", `/password/reset/${extra.resetToken}`),
    "GET /setup/:token": v("anonymous", `/setup/${extra.setupToken}`),
    // A good link confirms and redirects to the account; the page people read is the one of a used link.
    "GET /email/confirm/:token": [
      { as: "anonymous", url: "/email/confirm/a-used-or-unknown-link", status: 404 },
    ],
    "GET /account": v("buyer", "/account"),
    "GET /account/orders": v("buyer", "/account/orders"),
    "GET /account/orders/:code": [
      { as: "buyer", url: `/account/orders/${ids.code}`, name: "order-paid" },
      { as: "buyer", url: `/account/orders/${ids.spareOrder}`, name: "order-pending" },
    ],
    "GET /account/orders/:code/pay": v("buyer", `/account/orders/${ids.spareOrder}/pay`),
    "GET /account/orders/:code/pay/:accountId/lydia": v(
      "buyer",
      `/account/orders/${ids.spareOrder}/pay/${extra.lydiaAccount}/lydia`,
    ),
    "GET /account/orders/:code/pay/lydia/:paymentId": v("buyer", extra.lydiaWaiting),
    "GET /account/delete": v("buyer", "/account/delete"),
    "GET /tickets/live/:token": v("anonymous", `/tickets/live/${ids.liveToken}`),
    "GET /tickets/room/:token": v("anonymous", extra.roomLink),
    "GET /guest-cards/:token": v("anonymous", `/guest-cards/${ids.guestCard}`),
    "GET /invitations/:slug": v("buyer", `/invitations/${extra.invitationToken}`),
    "GET /exhibitor-invitations/:token": v("buyer", `/exhibitor-invitations/${extra.exhibitorToken}`),

    // The backoffice
    "GET /admin": v("ownerA", "/admin"),
    "GET /admin/organizers": v("superadmin", "/admin/organizers"),
    "GET /admin/organizers/:slug": v("ownerA", ORG),
    "GET /admin/organizers/:slug/settings": v("ownerA", `${ORG}/settings`),
    "GET /admin/organizers/:slug/privacy": v("ownerA", `${ORG}/privacy`),
    "GET /admin/privacy": v("superadmin", "/admin/privacy"),
    "GET /admin/users": v("superadmin", "/admin/users"),
    "GET /admin/outbox": v("superadmin", "/admin/outbox"),
    "GET /admin/mail": v("superadmin", "/admin/mail"),
    "GET /admin/organizers/:slug/events/:event": [
      { as: "ownerA", url: SERIES, name: "event-dashboard" },
      { as: "superadmin", url: "/admin/organizers/fest/events/summer", name: "event-dashboard-sold" },
    ],
    "GET /admin/organizers/:slug/events/:event/presentation": v("ownerA", `${SERIES}/presentation`),
    "GET /admin/organizers/:slug/events/:event/dates": v("ownerA", `${SERIES}/dates`),
    "GET /admin/organizers/:slug/events/:event/dates/:id/edit": v(
      "ownerA",
      `${SERIES}/dates/${ids.date}/edit`,
    ),
    "GET /admin/organizers/:slug/events/:event/dates/:id/delete": v(
      "ownerA",
      `${SERIES}/dates/${ids.spareDate}/delete`,
    ),
    "GET /admin/organizers/:slug/events/:event/ticket-types": v("ownerA", `${SERIES}/ticket-types`),
    "GET /admin/organizers/:slug/events/:event/ticket-types/:id/edit": v(
      "ownerA",
      `${SERIES}/ticket-types/${ids.type}/edit`,
    ),
    "GET /admin/organizers/:slug/events/:event/ticket-types/:id/delete": v(
      "ownerA",
      `${SERIES}/ticket-types/${ids.spareType}/delete`,
    ),
    "GET /admin/organizers/:slug/events/:event/quotas": v("ownerA", `${SERIES}/quotas`),
    "GET /admin/organizers/:slug/events/:event/vouchers": v("ownerA", `${SERIES}/vouchers`),
    "GET /admin/organizers/:slug/events/:event/settings": v("ownerA", `${SERIES}/settings`),
    "GET /admin/organizers/:slug/events/:event/settings/test-orders/delete": v(
      "ownerA",
      `${SERIES}/settings/test-orders/delete`,
    ),
    "GET /admin/organizers/:slug/events/:event/waiting-room": v(
      "ownerA",
      "/admin/organizers/org/events/sale/waiting-room",
    ),
    "GET /admin/organizers/:slug/events/:event/orders": v("ownerA", `${SERIES}/orders`),
    "GET /admin/organizers/:slug/events/:event/orders/:code": v("ownerA", `${SERIES}/orders/${ids.code}`),
    "GET /admin/organizers/:slug/payments": v("ownerA", `${ORG}/payments`),
    "GET /admin/organizers/:slug/events/:event/payments": v("ownerA", `${SERIES}/payments`),
    "GET /admin/organizers/:slug/payments/lydia-tokens": v("ownerA", `${ORG}/payments/lydia-tokens`),
    "GET /admin/organizers/:slug/events/:event/exports": v("ownerA", `${SERIES}/exports`),
    "GET /admin/organizers/:slug/events/:event/checkin": v("ownerA", `${SERIES}/checkin`),
    "GET /admin/organizers/:slug/rooms": v("ownerA", `${ORG}/rooms`),
    "GET /admin/organizers/:slug/wallet": v("ownerA", `${ORG}/wallet`),
    "GET /admin/guestcards": v("ownerA", "/admin/guestcards"),
    "GET /admin/organizers/:slug/guestcards": v("ownerA", `${ORG}/guestcards`),
    "GET /admin/organizers/:slug/guestcards/forms/new": v("ownerA", `${ORG}/guestcards/forms/new`),
    "GET /admin/organizers/:slug/guestcards/forms/:id": v("ownerA", `${ORG}/guestcards/forms/${ids.form}`),
    "GET /admin/organizers/:slug/guestcards/forms/:id/edit": v(
      "ownerA",
      `${ORG}/guestcards/forms/${ids.form}/edit`,
    ),
    "GET /admin/organizers/:slug/guestcards/setup": v("ownerA", `${ORG}/guestcards/setup`),
    "GET /admin/organizers/:slug/guestcards/import": v("ownerA", `${ORG}/guestcards/import`),

    // Door staff (signed in, the list picked from the check-in page), exhibitors, partners' sites
    "GET /scanner": v("ownerA", `/scanner#list=org/series/${ids.list}`),
    "GET /exhibit": v("exhibitor", "/exhibit"),
    "GET /exhibit/:organizer/:event": v("exhibitor", "/exhibit/org/series"),
    "GET /exhibit/:organizer/:event/experiences/:id": v(
      "exhibitor",
      `/exhibit/org/series/experiences/${ids.experience}`,
    ),
    "GET /embed/:organizer/:event/experiences": v("anonymous", "/embed/org/series/experiences"),
  };
}

/** A screenshot's name from the page's path: ids, codes and tokens left out. */
function fileName(url: string) {
  const parts = url
    .replace(/[?#].*$/, "")
    .replace(/^\/admin\/organizers\/org\/events\/series/, "/admin-event")
    .replace(/^\/admin\/organizers\/org/, "/admin-org")
    .split("/")
    .filter((part) => part && !/^\d+$|^[A-Z0-9]{8}$|^(?=.*[0-9A-Z_])[A-Za-z0-9_.-]{20,}$/.test(part));
  return parts.join("-").replace(/[^a-z0-9-]+/gi, "-") || "start";
}

interface Extras {
  resetToken: string;
  setupToken: string;
  invitationToken: string;
  exhibitorToken: string;
  lydiaAccount: number;
  lydiaWaiting: string;
  roomLink: string;
  /** Booking code → the signed link a guest's confirmation mail carries. */
  guestLinks: Record<string, string>;
}

const LONG_TYPE = "Reduced price for students, pensioners, jobseekers and holders of a disability card";
const LONG_VOUCHER = "EARLYBIRD-SPRING-2031-FRIENDS-OF-THEATRE";

/**
 * Beyond the matrix's world: what makes phones hard (a long ticket type name, a long voucher code, a
 * long location, many orders, a Lydia account, a room with a link), an event behind a waiting room,
 * a sold event for the dashboards, and the one-time links the token pages need.
 */
async function seedExtras(w: World, lydiaUrl: string): Promise<Extras> {
  const { t, ids } = w;
  const call = api(t);
  const org = "/api/v1/organizers/org";
  const ev = `${org}/events/series`;
  const post = async (url: string, body: unknown, expect = 201) =>
    (await call<{ id: number; code: string; [key: string]: unknown }>("POST", url, body, { expect })).body;
  await call("PATCH", org, { name: "Théâtre municipal de Saint-Rémy-de-Provence" }, { expect: 200 });
  await call("PATCH", ev, { name: "Spring season 2031 at the Old Town Hall" }, { expect: 200 });
  await post(`${ev}/dates`, {
    name: "Hamlet, Prince of Denmark (premiere with a talk afterwards)",
    starts_at: "2031-03-14T19:00:00Z",
    location: "Großer Saal im Kulturzentrum Alte Feuerwache, Hinterhof links, 2. Obergeschoss",
  });
  const long = await post(`${ev}/ticket-types`, { name: LONG_TYPE, price: "8.50", max_per_order: 10 });
  await post(`${ev}/ticket-types/${long.id}/options`, {
    name: "Programme booklet with the full text",
    price: "3.00",
  });
  await post(`${ev}/vouchers`, {
    code: LONG_VOUCHER,
    max_usages: 100,
    price_mode: "discount",
    value: "2.00",
  });
  await post(`${ev}/quotas`, {
    name: "Balcony and standing room",
    size: 200,
    ticket_types: [long.id],
    date: Number(ids.date),
  });
  for (let n = 1; n <= 6; n++)
    await post(`${ev}/orders`, {
      email: `a-rather-long-address-number-${n}@subdomain.example.org`,
      positions: [
        { ticket_type: Number(ids.type), date: Number(ids.date), attendee_name: `Guest Number ${n}` },
      ],
    });

  // Lydia beside the bank transfer, and an attempt under way for the waiting page.
  const lydiaAccount = (
    await post(`${org}/payment-accounts`, {
      provider: "lydia",
      description: "Lydia BDE",
      api_url: lydiaUrl,
      vendor_token: TOKENS.vendorToken,
      private_token: TOKENS.privateToken,
    })
  ).id;
  await call("PATCH", ev, { payment_accounts: [Number(ids.account), lydiaAccount] }, { expect: 200 });
  const buyer = w.callers.buyer;
  const started = await t.app.inject({
    method: "POST",
    url: `/account/orders/${ids.spareOrder}/pay/${lydiaAccount}/lydia`,
    headers: { ...buyer.headers, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    payload: new URLSearchParams({ phone: "06 12 34 56 78", _csrf: buyer.csrf }).toString(),
    remoteAddress: buyer.remoteAddress,
  });
  const lydiaWaiting = String(started.headers.location ?? "");
  if (!/\/pay\/lydia\/\d+$/.test(lydiaWaiting)) throw new Error(`no Lydia attempt: ${started.statusCode}`);

  // A date in the organizer's video room, and a ticket for it.
  const roomDate = await post(`${ev}/dates`, {
    name: "Online reading",
    starts_at: "2031-03-20T18:00:00Z",
    ends_at: "2031-03-20T20:00:00Z",
    meta: { room: "workshop" },
  });
  const roomOrder = await post(`${ev}/orders`, {
    email: "reader@example.org",
    positions: [{ ticket_type: Number(ids.type), date: roomDate.id, attendee_name: "Reader" }],
  });
  await call("POST", `${ev}/orders/${roomOrder.code}/mark-paid`, undefined, { expect: 200 });
  const links = await call<{ url: string }[]>("GET", `${ev}/orders/${roomOrder.code}/room-links`, undefined, {
    expect: 200,
  });
  const roomLink = new URL(links.body[0]?.url ?? "http://x/none").pathname;

  // An on-sale event behind a waiting room that opens later.
  await post(`${org}/events`, { slug: "sale", name: "Big concert presale", currency: "EUR" });
  await call(
    "PUT",
    `${org}/events/sale/waiting-room`,
    { enabled: true, opens_at: "2031-01-10T09:00:00Z", admit_per_minute: 50 },
    { expect: 200 },
  );
  await seedSales(t);

  // One-time links: a password reset, the first administrator's setup, an invitation, an exhibitor's.
  await requestPasswordReset(t.ctx.db, { email: "buyer@example.org", publicUrl: "", locale: "en" });
  const jobs = await t.ctx.db.kysely.selectFrom("jobs").select("payload").orderBy("id", "desc").execute();
  const resetToken = jobs
    .map((j) => /\/password\/reset\/([A-Za-z0-9_-]+)/.exec(j.payload)?.[1])
    .find(Boolean);
  if (!resetToken) throw new Error("no reset mail");
  const organizer = await findOrganizer(t.ctx.db, superadmin, "org");
  const invitation = await inviteMember(t.ctx.db, superadmin, organizer, {
    email: "new-member@example.org",
    publicUrl: "",
    locale: "en",
  });
  const exhibitor = await post(`${ev}/exhibitors`, { name: "Ceramics studio", email: "studio@example.org" });
  await t.worker.drain();
  const guestLinks = orderLinkSigner(t.ctx.secrets.signingPrivateKey);
  return {
    resetToken,
    setupToken: await createSetupToken(t.ctx.db),
    invitationToken: invitation.link.split("/").pop() as string,
    exhibitorToken: String(exhibitor.invitation_link).split("/").pop() as string,
    lydiaAccount,
    lydiaWaiting,
    roomLink,
    guestLinks: Object.fromEntries(
      await Promise.all(
        [ids.code, ids.spareOrder].map(async (code) => [code, await guestLinks.sign(code as string)]),
      ),
    ),
  };
}

/**
 * A full-page screenshot. Chromium now and then answers "Unable to capture screenshot" on a busy
 * machine (the compositor had no frame ready); a second try a moment later gets it.
 */
async function screenshot(page: Page, file: string) {
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (error) {
    if (!String(error).includes("Unable to capture screenshot")) throw error;
    await page.waitForTimeout(500);
    await page.screenshot({ path: file, fullPage: true });
  }
}

/** What is wrong with the page at this width: sideways scrolling, what sticks out, cut-off controls. */
function layoutProblems(width: number): string[] {
  const problems: string[] = [];
  window.scrollTo(0, 0);
  const root = document.scrollingElement ?? document.documentElement;
  if (root.scrollWidth > width) problems.push(`the page scrolls sideways (${root.scrollWidth}px)`);
  const name = (el: Element) => {
    const cls =
      typeof el.className === "string" && el.className
        ? `.${el.className.trim().split(/\s+/).join(".")}`
        : "";
    const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}>${text ? ` "${text}"` : ""}`;
  };
  /** The nearest box that scrolls or clips sideways on purpose: what is inside it cannot widen the page. */
  const clipper = (el: Element) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== "visible") return a;
    return null;
  };
  const sticksOut = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > width + 0.5 && clipper(el) === null;
  };
  for (const el of Array.from(document.body.querySelectorAll("*"))) {
    if (!sticksOut(el)) continue;
    // The outermost one says it all; its children stick out with it.
    if (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)) continue;
    problems.push(`${name(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
  }
  const controls = "input:not([type=hidden]), select, textarea, button, a.button";
  for (const el of Array.from(document.querySelectorAll(controls))) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === "hidden") continue;
    const box = clipper(el)?.getBoundingClientRect();
    const edge = Math.min(width, box?.right ?? width);
    if (r.right > edge + 0.5 || r.left < (box?.left ?? 0) - 0.5)
      problems.push(
        `${name(el)} is cut off (${Math.round(r.left)}–${Math.round(r.right)}px of ${Math.round(edge)}px)`,
      );
  }
  return problems;
}

describe.each(dialects)("every page on a phone, on %s", (dialect) => {
  let w: World;
  let extras: Extras;
  let routes: RegisteredRoute[];
  let browser: Browser;
  let base: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const old of fs.readdirSync(SHOTS))
      if (old.startsWith(`${dialect}-`)) fs.rmSync(path.join(SHOTS, old));
    browser = await launchChromium();
    closers.push(() => browser.close());
    const bbb = await startFakeBbb(BBB_SECRET);
    closers.push(bbb.close);
    const lydia = await startFakeLydia({ ...TOKENS, login: LOGIN });
    closers.push(lydia.close);
    const collected = await collectRoutes(() => createTestApp(dialect));
    routes = collected.routes;
    const t = collected.built;
    closers.push(t.close);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    t.ctx.config.publicUrl = base;
    w = await seedWorld(t, { bbbUrl: bbb.apiUrl, bbbSecret: BBB_SECRET });
    extras = await seedExtras(w, lydia.url);
  }, 180_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  const isPage = (route: RegisteredRoute) => route.method === "GET" && !route.url.startsWith("/api/");
  const key = (route: RegisteredRoute) => `${route.method} ${route.url}`;

  it("every GET page route is visited below or skipped with a reason", () => {
    const pages = routes.filter(isPage).map(key);
    const planned = plan(w, extras, pages);
    expect({
      neitherVisitedNorSkipped: pages.filter((k) => !(k in planned)),
      plannedButGone: Object.keys(planned).filter((k) => !pages.includes(k)),
    }).toEqual({ neitherVisitedNorSkipped: [], plannedButGone: [] });
  });

  /** One browser context per actor, signed in the way the world signed them in. */
  async function contextFor(as: As, viewport: { width: number; height: number }, mobile: boolean) {
    const context = await browser.newContext({
      locale: "en-GB",
      viewport,
      isMobile: mobile,
      hasTouch: mobile,
      ...(as === "superadmin" && { extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    });
    const cookie = as === "superadmin" || as === "anonymous" ? "" : w.callers[as as ActorName].headers.cookie;
    const cookies = (cookie ?? "")
      .split("; ")
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf("=");
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: base };
      });
    if (cookies.length > 0) await context.addCookies(cookies);
    return context;
  }

  async function open(
    contexts: Map<As, BrowserContext>,
    visit: Visit,
    viewport: { width: number; height: number },
    mobile: boolean,
  ) {
    let context = contexts.get(visit.as);
    if (!context) {
      context = await contextFor(visit.as, viewport, mobile);
      contexts.set(visit.as, context);
    }
    const page = await context.newPage();
    const res = await page.goto(`${base}${visit.url}`, { waitUntil: "load" });
    return { page, status: res?.status() ?? 0 };
  }

  it("fits 360, 390, 430 (and 451) px: nothing scrolls sideways, no control is cut off", async () => {
    const planned = plan(w, extras, routes.filter(isPage).map(key));
    const contexts = new Map<As, BrowserContext>();
    /** "url: problem" → the widths it shows at: one line each, however often it repeats. */
    const problems = new Map<string, Set<number>>();
    const report = (what: string, width: number) =>
      problems.set(what, (problems.get(what) ?? new Set()).add(width));
    let n = 0;
    try {
      for (const entry of Object.values(planned)) {
        if (!Array.isArray(entry)) continue;
        for (const visit of entry) {
          const { page, status } = await open(contexts, visit, PHONE, true);
          if (status !== (visit.status ?? 200)) report(`${visit.url}: answered ${status}`, 390);
          for (const viewport of WIDTHS) {
            await page.setViewportSize(viewport);
            for (const problem of await page.evaluate(layoutProblems, viewport.width))
              report(`${visit.url}: ${problem}`, viewport.width);
            if (viewport === PHONE) {
              const file = `${dialect}-${String(++n).padStart(2, "0")}-${visit.name ?? fileName(visit.url)}.png`;
              await screenshot(page, path.join(SHOTS, file));
            }
          }
          await page.close();
        }
      }
    } finally {
      for (const context of contexts.values()) await context.close();
    }
    expect([...problems].map(([what, widths]) => `${what} (at ${[...widths].sort().join(", ")} px)`)).toEqual(
      [],
    );
  }, 300_000);

  it("a few pages at 1280 px, as a laptop sees them", async () => {
    const contexts = new Map<As, BrowserContext>();
    const laptop: Visit[] = [
      { as: "anonymous", url: "/", name: "start" },
      { as: "buyer", url: `/e/org/series/dates/${w.ids.date}`, name: "date" },
      { as: "buyer", url: `/account/orders/${w.ids.code}`, name: "order" },
      { as: "ownerA", url: SERIES, name: "admin-event" },
      { as: "ownerA", url: `${SERIES}/orders`, name: "admin-orders" },
      { as: "ownerA", url: `${SERIES}/ticket-types`, name: "admin-ticket-types" },
    ];
    try {
      for (const visit of laptop) {
        const { page, status } = await open(contexts, visit, LAPTOP, false);
        expect(status, visit.url).toBeLessThan(400);
        expect(await page.evaluate(layoutProblems, LAPTOP.width), visit.url).toEqual([]);
        await screenshot(page, path.join(SHOTS, `${dialect}-laptop-${visit.name}.png`));
        await page.close();
      }
    } finally {
      for (const context of contexts.values()) await context.close();
    }
  });
});
