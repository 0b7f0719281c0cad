import Fastify from "fastify";
import { apiRoutes } from "../api/index.js";
import { webPages } from "../web/index.js";
import type { TestApp } from "./app.js";
import { anonymousCsrf, type FuzzEndpoint } from "./fuzz.js";

// What each fuzz test fires at (src/fuzz.test.ts, src/modules/guestcards/fuzz.test.ts,
// src/modules/experiences/fuzz.test.ts), in one place so that src/fuzz.test.ts can check that together
// they cover every write route an anonymous visitor or a partner can reach.

const EV = "/api/v1/organizers/org/events/series";
const ORDER = `${EV}/orders/ZZZZZZZZ`;

export const PLATFORM_FUZZ: FuzzEndpoint[] = [
  { method: "POST", url: "/api/v1/organizers" },
  { method: "POST", url: "/api/v1/organizers/org/tokens" },
  { method: "POST", url: "/api/v1/organizers/org/grants" },
  { method: "POST", url: "/api/v1/organizers/org/invitations" },
  { method: "POST", url: "/api/v1/organizers/org/events" },
  { method: "PATCH", url: EV },
  { method: "POST", url: `${EV}/dates` },
  { method: "POST", url: `${EV}/ticket-types` },
  { method: "POST", url: `${EV}/quotas` },
  { method: "POST", url: `${EV}/vouchers` },
  { method: "POST", url: `${EV}/vouchers/bulk` },
  { method: "POST", url: `${EV}/orders` },
  { method: "POST", url: `${ORDER}/mark-paid` },
  { method: "PUT", url: `${ORDER}/positions/1/information/1` },
  { method: "PUT", url: `${ORDER}/positions/1/information/1/file` },
  { method: "POST", url: "/api/v1/users" },
  { method: "PUT", url: "/api/v1/organizers/org/retention" },
  { method: "PUT", url: "/api/v1/privacy/settings" },
  { method: "DELETE", url: "/api/v1/me" },
  { method: "POST", url: "/api/v1/users/import" },
  { method: "POST", url: "/login" },
  { method: "POST", url: "/logout" },
  { method: "POST", url: "/register" },
  { method: "POST", url: "/e/org/series/book" },
  { method: "POST", url: "/orders/not.a.token/cancel" },
  { method: "POST", url: "/orders/not.a.token/information/1/1" },
  { method: "POST", url: "/orders/not.a.token/pay/1" },
  { method: "POST", url: "/orders/not.a.token/pay/1/lydia" },
  { method: "POST", url: "/orders/not.a.token/pay/lydia/1/check" },
  { method: "POST", url: "/api/v1/email-confirmations" },
  { method: "POST", url: "/password/forgot" },
  { method: "POST", url: "/password/reset/not-a-reset-token" },
  { method: "POST", url: "/setup/not-a-setup-token" },
  { method: "POST", url: "/tickets/room/not.a.token/enter" },
  { method: "GET", url: `${EV}/orders` },
  { method: "POST", url: "/api/v1/organizers/org/payment-accounts" },
  { method: "POST", url: `${EV}/exports` },
  { method: "PUT", url: `${EV}/ticket-types/1/template` },
  { method: "POST", url: "/api/v1/payments/paypal/ipn" },
  { method: "POST", url: "/api/v1/payments/lydia/confirm" },
  { method: "POST", url: "/api/v1/payments/lydia/cancel" },
  { method: "POST", url: "/api/v1/payments/lydia/expire" },
  { method: "POST", url: "/api/v1/payments/stripe/webhook/org" },
  { method: "POST", url: `${EV}/checkin-lists` },
  { method: "POST", url: `${EV}/checkin-lists/1/redeem` },
  { method: "PUT", url: `${EV}/waiting-room` },
  { method: "POST", url: "/api/v1/waiting-room/org/series/join" },
];

/** The guest-card partner protocol (seed 001): its paths answer in its own error shape. */
export const GUESTCARD_SEED_PATHS = [
  "/api/buchtguide/by_auth_code/",
  "/api/token-auth/",
  "/api/token-refresh/",
  "/api/token-verify/",
];
export const GUESTCARD_FUZZ: FuzzEndpoint[] = [
  ...GUESTCARD_SEED_PATHS.map((url) => ({ method: "POST" as const, url })),
  { method: "POST", url: "/api/v1/partner/token" },
  { method: "POST", url: "/api/v1/partner/guest-cards/lookup" },
  { method: "POST", url: "/api/v1/organizers/region/municipalities" },
  { method: "POST", url: "/api/v1/organizers/region/registration-forms" },
  { method: "PUT", url: "/api/v1/organizers/region/registration-forms/1" },
  { method: "POST", url: "/api/v1/organizers/region/registration-forms/import" },
  { method: "POST", url: "/api/v1/organizers/region/api-clients" },
];

// Ids beyond what a database integer holds are among the paths.
const PAGES = "/exhibit/org/series";
const EMBED = "/embed/org/series/experiences";
export const EXPERIENCE_FUZZ: FuzzEndpoint[] = [
  { method: "PUT", url: `${EV}/experience-programme` },
  { method: "POST", url: `${EV}/exhibitors` },
  { method: "DELETE", url: `${EV}/exhibitors/99999999999` },
  { method: "POST", url: `${EV}/ticket-sources` },
  { method: "DELETE", url: `${EV}/ticket-sources/1` },
  { method: "POST", url: `${EV}/experiences` },
  { method: "PATCH", url: `${EV}/experiences/1` },
  { method: "GET", url: `${EV}/experiences/99999999999` },
  { method: "POST", url: `${EV}/experiences/1/slots` },
  { method: "PUT", url: `${EV}/experiences/1/image` },
  { method: "POST", url: `${EV}/experiences/1/slots/bulk` },
  { method: "PATCH", url: `${EV}/experience-slots/1` },
  { method: "POST", url: `${EV}/experience-bookings` },
  { method: "POST", url: `${EV}/experience-bookings/lookup` },
  { method: "POST", url: `${EV}/experience-bookings/1/cancel` },
  { method: "GET", url: `${EV}/experience-bookings?slot=abc&experience=99999999999` },
  { method: "POST", url: `${EMBED}/ticket` },
  { method: "POST", url: `${EMBED}/book` },
  { method: "POST", url: `${EMBED}/cancel` },
  { method: "GET", url: `${EMBED}/99999999999/image` },
  { method: "POST", url: `${PAGES}/settings` },
  { method: "POST", url: `${PAGES}/sources` },
  { method: "POST", url: `${PAGES}/experiences` },
  { method: "POST", url: `${PAGES}/experiences/1` },
  { method: "POST", url: `${PAGES}/experiences/1/slots` },
  { method: "POST", url: `${PAGES}/experiences/1/slots/bulk` },
  { method: "POST", url: `${PAGES}/experiences/1/slots/99999999999/delete` },
];

type Route = { method: string; url: string };
/** Areas that need a session, whatever a probe with made-up ids answers (a 404 before the login check). */
const SIGNED_IN = /^\/(admin|account)(\/|$)/;

/**
 * The write routes (POST, PUT, PATCH, DELETE) a visitor without an account or a partner system can
 * reach, as the app declares them: API routes that waive the CSRF check or list anonymous access in
 * their security, and pages whose form an anonymous visitor (with a CSRF token) is not sent to log in for.
 * The app holds seedSeries' organizer "org" and its event "series", so that pages find what they name.
 */
export async function publicWriteRoutes(t: TestApp): Promise<Route[]> {
  const routes: { method: string; url: string; open: boolean }[] = [];
  const probe = Fastify({ routerOptions: { maxParamLength: 1000 } });
  probe.addHook("onRoute", (route) => {
    const security = (route.schema as { security?: object[] } | undefined)?.security;
    const open =
      route.config?.csrf === false ||
      (security !== undefined &&
        (security.length === 0 || security.some((s) => Object.keys(s).length === 0)));
    for (const method of [route.method].flat())
      if (!["GET", "HEAD", "OPTIONS"].includes(method)) routes.push({ method, url: route.url, open });
  });
  await apiRoutes(probe, t.ctx);
  await webPages(probe, t.ctx);
  await probe.ready();
  await probe.close();

  const csrf = await anonymousCsrf(t);
  const reachable: Route[] = [];
  for (const route of routes) {
    if (route.url.startsWith("/api/")) {
      if (route.open) reachable.push(route);
      continue;
    }
    if (SIGNED_IN.test(route.url)) continue;
    const res = await t.app.inject({
      method: route.method as "POST",
      url: route.url
        .replace(/:(organizer|slug)\b/, "org")
        .replace(":event", "series")
        .replace(/:[A-Za-z]+/g, "1"),
      headers: {
        cookie: csrf.cookie,
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
      },
      payload: new URLSearchParams({ _csrf: csrf.token }).toString(),
    });
    const toLogin = String(res.headers.location ?? "").startsWith("/login?next=");
    const refused = res.statusCode === 401 && String(res.headers["content-type"]).includes("json");
    if (!toLogin && !refused) reachable.push(route);
  }
  return reachable;
}

/** The routes none of the endpoints hits (a trailing slash names the same route). */
export function unfuzzed(routes: Route[], endpoints: FuzzEndpoint[]) {
  const bare = (url: string) => url.split("?")[0]?.replace(/(.)\/$/, "$1") ?? "";
  return routes.filter((route) => {
    const pattern = new RegExp(
      `^${bare(route.url)
        .replace(/\./g, "\\.")
        .replace(/:[A-Za-z]+/g, "[^/]+")}$`,
    );
    return !endpoints.some((e) => e.method === route.method && pattern.test(bare(e.url)));
  });
}
