import type { ActorName, World } from "./actors.js";

/**
 * Who may use a route. Allowed actors must not be refused; everyone else must be.
 * - public: anyone, signed in or not
 * - same: the request carries its own proof (a token in the path, a password, a provider's
 *   signature): every caller gets the same answer, whoever they are
 * - known: anyone authenticated (a session, an API token, the platform token)
 * - person: a signed-in person (a session)
 * - buyer: the buyer of organizer A's order; exhibitor: an exhibitor of A's event
 * - org:view: anyone of organizer A (a member, a grant, an API token of any level)
 * - level:<l>: an admin of A's event at level l or above (the owner and platform admins are "full")
 * - owner: who manages organizer A (its owners, platform admins)
 * - platform: platform admins; partner: the guest-card partner client (its JWT)
 */
export type Need =
  | "public"
  | "same"
  | "known"
  | "person"
  | "buyer"
  | "exhibitor"
  | "org:view"
  | "level:view"
  | "level:checkin"
  | "level:orders"
  | "level:full"
  | "owner"
  | "platform"
  | "partner";

export interface Rule {
  needs: Need | Need[];
  /** Only people among those the needs admit: tokens are refused (rooms are joined by a name). */
  people?: true;
  /** The JSON body, where the schema's smallest one would not reach the check. */
  body?: (w: World, actor: ActorName) => unknown;
  /** A raw upload and its content type. */
  raw?: { type: string; body: string };
  /** What a page's form posts besides _csrf. */
  form?: (w: World, actor: ActorName) => Record<string, string>;
  /** Path parameters naming a spare row (a key of world.ids): the route removes what it names. */
  params?: Record<string, string>;
  /** Removes, cancels or changes something for good: runs after every other route. */
  destroys?: true;
  /** Ends the caller's session: runs at the very end. */
  last?: true;
}

const need = (needs: Need | Need[], more: Omit<Rule, "needs"> = {}): Rule => ({ needs, ...more });
const pub = need("public");
const same = need("same");
const ordersOrBuyer = ["buyer", "level:orders"] as Need[];
const viewOrBuyer = ["buyer", "level:view"] as Need[];
const viewOrExhibitor = ["exhibitor", "level:view"] as Need[];
const fullOrExhibitor = ["exhibitor", "level:full"] as Need[];
const image = { type: "image/png", body: "not a picture" };
const ticket = (w: World) => ({ ticket_number: w.ids.code, security_code: w.ids.secret });

const O = "/api/v1/organizers/:organizer";
const E = `${O}/events/:event`;
const AO = "/admin/organizers/:slug";
const AE = `${AO}/events/:event`;
const X = "/exhibit/:organizer/:event";
const M = "/embed/:organizer/:event/experiences";

/** Every route of the app, API and pages, with who may use it. */
export const ROUTE_TABLE: Record<string, Rule> = {
  // Platform: documentation, assets, health, language
  "GET /api/docs": pub,
  "GET /api/docs/static/index.html": pub,
  "GET /api/docs/static/swagger-initializer.js": pub,
  "GET /api/docs/json": pub,
  "GET /api/docs/yaml": pub,
  "GET /api/docs/static/*": pub,
  "GET /assets/:name": pub,
  "GET /assets/door/*": pub,
  "GET /favicon.ico": pub,
  "GET /api/v1/openapi.json": pub,
  "GET /healthz": pub,
  "GET /lang/:code": pub,
  "GET /api/v1/ticket-template-sample.png": pub,

  // Accounts and organizers
  "GET /api/v1/me": pub,
  "GET /api/v1/users": need("platform"),
  "POST /api/v1/users": need("platform"),
  "POST /api/v1/users/import": need("platform"),
  "POST /api/v1/organizers": need("platform"),
  "GET /api/v1/organizers": pub,
  [`GET ${O}`]: need("org:view"),
  [`PATCH ${O}`]: need("owner"),
  [`POST ${O}/tokens`]: need("owner"),
  [`GET ${O}/tokens`]: need("owner"),
  [`DELETE ${O}/tokens/:id`]: need("owner", { destroys: true }),
  [`GET ${O}/members`]: need("org:view"),
  [`DELETE ${O}/members/:id`]: need("owner", { destroys: true }),
  [`POST ${O}/invitations`]: need("owner"),
  [`GET ${O}/grants`]: need("org:view"),
  [`POST ${O}/grants`]: need("level:full", {
    body: () => ({ grantee: "audience", level: "view", audience_school: "Nowhere" }),
  }),
  [`DELETE ${O}/grants/:id`]: need("level:full", { destroys: true }),

  // Events and catalog
  [`GET ${O}/events`]: need("org:view"),
  [`POST ${O}/events`]: need("level:full"),
  [`GET ${E}/dates`]: need("level:view"),
  [`POST ${E}/dates`]: need("level:full"),
  [`PATCH ${E}/dates/:id`]: need("level:full"),
  [`DELETE ${E}/dates/:id`]: need("level:full", { params: { id: "spareDate" }, destroys: true }),
  [`POST ${E}/dates/recurring`]: need("level:full", {
    body: () => ({ weekdays: [4], time: "20:00", from: "2031-03-06", until: "2031-03-06", preview: true }),
  }),
  [`GET ${E}`]: need("level:view"),
  [`PATCH ${E}`]: need("level:full"),
  [`PUT ${E}/description`]: need("level:full"),
  [`PUT ${E}/cover`]: need("level:full", { raw: image }),
  [`DELETE ${E}/cover`]: need("level:full"),
  [`POST ${E}/ticket-types`]: need("level:full"),
  [`GET ${E}/ticket-types`]: need("level:view"),
  [`PATCH ${E}/ticket-types/:id`]: need("level:full"),
  [`DELETE ${E}/ticket-types/:id`]: need("level:full", { params: { id: "spareType" }, destroys: true }),
  [`POST ${E}/quotas`]: need("level:full"),
  [`GET ${E}/quotas`]: need("level:view"),
  [`GET ${E}/quotas/:id`]: need("level:view"),
  [`POST ${E}/vouchers`]: need("level:full"),
  [`GET ${E}/vouchers`]: need("level:view"),
  [`POST ${E}/vouchers/bulk`]: need("level:full"),
  [`GET ${E}/vouchers.csv`]: need("level:view"),
  [`POST ${E}/ticket-types/:id/options`]: need("level:full"),
  [`GET ${E}/ticket-types/:id/options`]: need("level:view"),
  [`PATCH ${E}/ticket-types/:id/options/:optionId`]: need("level:full"),
  [`DELETE ${E}/ticket-types/:id/options/:optionId`]: need("level:full", { destroys: true }),
  [`POST ${E}/ticket-types/:id/option-groups`]: need("level:full"),
  [`GET ${E}/ticket-types/:id/option-groups`]: need("level:view"),
  [`PATCH ${E}/ticket-types/:id/option-groups/:groupId`]: need("level:full"),
  [`DELETE ${E}/ticket-types/:id/option-groups/:groupId`]: need("level:full", { destroys: true }),
  [`POST ${E}/ticket-types/:id/fields`]: need("level:full"),
  [`GET ${E}/ticket-types/:id/fields`]: need("level:view"),
  [`PATCH ${E}/ticket-types/:id/fields/:fieldId`]: need("level:full"),
  [`DELETE ${E}/ticket-types/:id/fields/:fieldId`]: need("level:full", { destroys: true }),
  [`PUT ${E}/ticket-types/:id/template`]: need("level:full", { raw: image }),
  [`GET ${E}/ticket-types/:id/template`]: need("level:view"),
  [`DELETE ${E}/ticket-types/:id/template`]: need("level:full", { destroys: true }),

  // Orders, information, tickets
  [`POST ${E}/orders`]: need("public", {
    body: (w, actor) => ({
      email: `${actor}@booking.example`,
      positions: [{ ticket_type: Number(w.ids.type), date: Number(w.ids.date) }],
    }),
  }),
  [`GET ${E}/orders`]: need("level:view"),
  [`GET ${E}/summary`]: need("level:view"),
  [`GET ${E}/waiting-room`]: need("level:view"),
  [`PUT ${E}/waiting-room`]: need("level:full", {
    body: () => ({ enabled: false, opens_at: "2031-03-06T18:00:00Z", admit_per_minute: 60 }),
  }),
  "POST /api/v1/waiting-room/:organizer/:event/join": pub,
  "GET /api/v1/waiting-room/:organizer/:event/position": pub,
  [`POST ${E}/orders/give`]: need("level:orders"),
  [`GET ${E}/orders/:code`]: need(viewOrBuyer),
  // The spare order is paid here, opposed and cancelled (or refused as no longer pending) at the end.
  [`POST ${E}/orders/:code/mark-paid`]: need("level:orders", { params: { code: "spareOrder" } }),
  [`POST ${E}/orders/:code/oppose`]: need("level:orders", { params: { code: "spareOrder" }, destroys: true }),
  [`POST ${E}/orders/:code/cancel`]: need(ordersOrBuyer, { params: { code: "spareOrder" }, destroys: true }),
  [`GET ${E}/orders/:code/information`]: need(viewOrBuyer),
  [`PUT ${E}/orders/:code/positions/:positionId/information/:fieldId`]: need(ordersOrBuyer),
  [`PUT ${E}/orders/:code/positions/:positionId/information/:fieldId/file`]: need(ordersOrBuyer),
  [`GET ${E}/orders/:code/positions/:positionId/information/:fieldId/file`]: need(viewOrBuyer),
  [`POST ${E}/orders/:code/positions/:positionId/information/:fieldId/validate`]: need("level:orders"),
  [`GET ${E}/orders/:code/tickets.pdf`]: need(viewOrBuyer),
  [`GET ${E}/orders/:code/positions/:position/ticket.pdf`]: need(viewOrBuyer),
  [`GET ${E}/orders/:code/positions/:position/ticket.png`]: need(viewOrBuyer),
  [`POST ${E}/orders/:code/positions/:position/reissue`]: need("level:orders", { destroys: true }),
  [`GET ${E}/orders/:code/room-links`]: need("level:orders"),

  // Payments: providers' notifications prove themselves; accounts are the owner's
  "POST /api/v1/payments/paypal/ipn": same,
  "POST /api/v1/payments/lydia/confirm": same,
  "POST /api/v1/payments/lydia/cancel": same,
  "POST /api/v1/payments/lydia/expire": same,
  "POST /api/v1/payments/stripe/webhook/:organizer": same,
  [`POST ${O}/payment-accounts`]: need("owner", {
    body: () => ({ provider: "manual", description: "Transfer", instructions: "IBAN" }),
  }),
  [`GET ${O}/payment-accounts`]: need("org:view"),
  [`POST ${O}/payment-accounts/:id/retire`]: need("owner", { destroys: true }),
  [`POST ${O}/payment-accounts/lydia-tokens`]: need("owner"),

  // Exports, check-in
  [`POST ${E}/exports`]: need("level:view"),
  [`GET ${E}/exports`]: need("level:view"),
  [`GET ${E}/exports/:id`]: need("level:view"),
  [`GET ${E}/exports/:id/file`]: need("level:view"),
  [`POST ${E}/checkin-lists`]: need("level:full"),
  [`GET ${E}/checkin-lists`]: need("level:checkin"),
  [`POST ${E}/checkin-lists/:id/redeem`]: need("level:checkin"),
  [`GET ${E}/checkin-lists/:id/offline`]: need("level:checkin"),
  [`GET ${E}/checkin-lists/:id/counts`]: need("level:checkin"),
  [`GET ${E}/checkin-lists/:id/scans`]: need("level:checkin"),
  [`GET ${E}/ticket-key`]: need("level:checkin"),

  // Rooms, wallet
  [`POST ${O}/bbb-servers`]: need("owner", {
    body: () => ({ name: "BBB 2", url: "http://127.0.0.1:9/bigbluebutton/api/", secret: "0123456789" }),
  }),
  [`GET ${O}/bbb-servers`]: need("org:view"),
  [`POST ${O}/rooms`]: need("owner"),
  [`GET ${O}/rooms`]: need("org:view"),
  [`GET ${O}/wallet`]: need("owner"),
  [`PUT ${O}/wallet`]: need("owner"),
  [`POST ${O}/wallet/sync`]: need("owner"),
  [`GET ${O}/ticket-states`]: need("org:view"),
  [`GET ${O}/ticket-states/:ticket/history`]: need("org:view"),

  // Guest cards
  [`POST ${O}/municipalities`]: need("owner"),
  [`GET ${O}/municipalities`]: need("org:view"),
  [`PATCH ${O}/municipalities/:id`]: need("owner"),
  [`POST ${O}/registration-forms`]: need("level:orders"),
  [`GET ${O}/registration-forms`]: need("level:orders"),
  [`GET ${O}/registration-forms/:id`]: need("level:orders"),
  [`PUT ${O}/registration-forms/:id`]: need("level:orders"),
  [`POST ${O}/registration-forms/:id/cancel`]: need("level:orders", {
    params: { id: "spareForm" },
    destroys: true,
  }),
  [`POST ${O}/registration-forms/import`]: need("level:orders"),
  [`POST ${O}/api-clients`]: need("owner"),
  [`GET ${O}/api-clients`]: need("owner"),
  [`PUT ${O}/api-clients/:id/municipalities`]: need("owner"),
  [`POST ${O}/api-clients/:id/disable`]: need("owner", { params: { id: "spareClient" }, destroys: true }),
  "POST /api/v1/partner/token": need("same", {
    body: (_w, actor) => ({ username: actor, password: "wrong" }),
  }),
  "POST /api/v1/partner/guest-cards/lookup": need("partner", {
    body: (w) => ({ auth_code: w.ids.authCode, municipality: Number(w.ids.municipality) }),
  }),
  // Seed 001's protocol: the same paths with and without the slash; GET answers 405 to everyone.
  ...Object.fromEntries(
    ["/api/token-auth", "/api/token-refresh", "/api/token-verify", "/api/buchtguide/by_auth_code"].flatMap(
      (path) =>
        [path, `${path}/`].flatMap((p) => [
          [`GET ${p}`, same],
          [
            `POST ${p}`,
            p.includes("buchtguide")
              ? need("partner", { body: (w: World) => ({ auth_code: w.ids.authCode, gemeinde_id: 1 }) })
              : need("same", {
                  body: (_w: World, actor: ActorName) => ({ username: actor, password: "wrong" }),
                }),
          ],
        ]),
    ),
  ),

  // Experiences: admins of the event, its exhibitors for their own, guests with a ticket
  [`GET ${E}/experience-programme`]: need("level:view"),
  [`PUT ${E}/experience-programme`]: need("level:full"),
  [`GET ${E}/exhibitors`]: need(viewOrExhibitor),
  [`POST ${E}/exhibitors`]: need("level:full"),
  [`DELETE ${E}/exhibitors/:id`]: need("level:full", { destroys: true }),
  [`POST ${E}/ticket-sources`]: need("level:full"),
  [`GET ${E}/ticket-sources`]: need("level:full"),
  [`DELETE ${E}/ticket-sources/:id`]: need("level:full", { destroys: true }),
  [`GET ${E}/experiences`]: need(viewOrExhibitor),
  [`POST ${E}/experiences`]: need(fullOrExhibitor),
  [`GET ${E}/experiences/:id`]: need(viewOrExhibitor),
  [`PATCH ${E}/experiences/:id`]: need(fullOrExhibitor),
  [`DELETE ${E}/experiences/:id`]: need(fullOrExhibitor, {
    params: { id: "spareExperience" },
    destroys: true,
  }),
  [`PUT ${E}/experiences/:id/image`]: need(fullOrExhibitor, { raw: image }),
  [`DELETE ${E}/experiences/:id/image`]: need(fullOrExhibitor),
  [`POST ${E}/experiences/:id/slots`]: need(fullOrExhibitor),
  [`POST ${E}/experiences/:id/slots/bulk`]: need(fullOrExhibitor),
  [`PATCH ${E}/experience-slots/:id`]: need(fullOrExhibitor),
  [`DELETE ${E}/experience-slots/:id`]: need(fullOrExhibitor, {
    params: { id: "spareSlot" },
    destroys: true,
  }),
  [`GET ${E}/experience-overview`]: pub,
  [`POST ${E}/experience-bookings`]: need("public", {
    body: (w) => ({ slot: Number(w.ids.freeSlot), ...ticket(w) }),
  }),
  [`POST ${E}/experience-bookings/lookup`]: need("public", { body: ticket }),
  [`POST ${E}/experience-bookings/:id/cancel`]: need("public", { body: ticket, destroys: true }),
  [`GET ${E}/experience-bookings`]: need(viewOrExhibitor),
  [`GET ${E}/experience-bookings/per-ticket`]: need("level:view"),
  [`GET ${E}/experience-bookings/per-ticket.xlsx`]: need("level:view"),

  // Privacy
  "GET /api/v1/me/data": need("person"),
  "GET /api/v1/me/data.zip": need("person"),
  "GET /api/v1/me/deletion": need("person"),
  "DELETE /api/v1/me": need("person"),
  [`GET ${O}/retention`]: need("owner"),
  [`PUT ${O}/retention`]: need("owner"),
  "GET /api/v1/audit-log": need("platform"),
  "GET /api/v1/privacy/settings": need("platform"),
  "PUT /api/v1/privacy/settings": need("platform"),

  // Shop and sign-in pages
  "GET /": pub,
  "GET /e/:organizer/:event": pub,
  "GET /e/:organizer/:event/calendar.ics": pub,
  "POST /e/:organizer/:event/book": pub,
  "GET /e/:organizer/:event/dates/:id": pub,
  "GET /e/:organizer/:event/queue": pub,
  "GET /covers/:file": pub,
  "GET /login": pub,
  "POST /login": need("same", {
    form: (_w, actor) => ({ email: `${actor}@nowhere.example`, password: "x" }),
  }),
  "GET /register": pub,
  "POST /register": same,
  "POST /logout": need("public", { last: true }),
  "GET /email/confirm/:token": same,
  "POST /account/email/resend": need("person"),
  "POST /api/v1/me/email-confirmation": need("person"),
  "POST /api/v1/email-confirmations": need("same", { body: () => ({ token: "not-a-confirmation-token" }) }),
  "GET /password/forgot": pub,
  "POST /password/forgot": pub,
  "GET /password/reset/:token": pub,
  "POST /password/reset/:token": same,
  "GET /setup/:token": same,
  "POST /setup/:token": same,

  // A person's account
  "GET /account": need("person"),
  "POST /account/profile": need("person"),
  "POST /account/password": need("person"),
  "GET /account/orders": need("person"),
  "GET /account/orders/:code": need("buyer"),
  "POST /account/orders/:code/information/:positionId/:fieldId": need("buyer"),
  "POST /account/orders/:code/cancel": need("buyer", { params: { code: "spareOrder" }, destroys: true }),
  "GET /account/orders/:code/tickets.pdf": need("buyer"),
  "GET /account/orders/:code/pay": need("buyer"),
  "POST /account/orders/:code/pay/:accountId": need("buyer"),
  "GET /account/orders/:code/pay/:accountId/lydia": need("buyer"),
  "POST /account/orders/:code/pay/:accountId/lydia": need("buyer"),
  "GET /account/orders/:code/pay/lydia/:paymentId": need("buyer"),
  "POST /account/orders/:code/pay/lydia/:paymentId/check": need("buyer"),
  "GET /account/orders/:code/pay/lydia/:paymentId/status": need("buyer"),
  "GET /account/orders/:code/pay/stripe/:paymentId": need("buyer"),
  "GET /account/orders/:code/pay/stripe/:paymentId/status": need("buyer"),
  // A guest's order: its signed link is the credential
  "GET /orders/:token": same,
  "POST /orders/:token/information/:positionId/:fieldId": same,
  "POST /orders/:token/cancel": same,
  "GET /orders/:token/tickets.pdf": same,
  "GET /orders/:token/pay": same,
  "POST /orders/:token/pay/:accountId": same,
  "GET /orders/:token/pay/:accountId/lydia": same,
  "POST /orders/:token/pay/:accountId/lydia": same,
  "GET /orders/:token/pay/lydia/:paymentId": same,
  "POST /orders/:token/pay/lydia/:paymentId/check": same,
  "GET /orders/:token/pay/lydia/:paymentId/status": same,
  "GET /orders/:token/pay/stripe/:paymentId": same,
  "GET /orders/:token/pay/stripe/:paymentId/status": same,
  "GET /account/delete": need("person"),
  "POST /account/delete": need("person"),

  // Ticket holders: the link is the credential
  "GET /tickets/live/:token": same,
  "GET /tickets/live/:token/code": same,
  "GET /tickets/room/:token": same,
  "POST /tickets/room/:token/enter": same,
  "GET /guest-cards/:token": same,
  "GET /invitations/:slug": same,
  "POST /invitations/:slug": need("person"),
  "GET /exhibitor-invitations/:token": same,
  "POST /exhibitor-invitations/:token": need("person"),

  // The backoffice
  "GET /admin": need("known"),
  "GET /admin/organizers": need("known"),
  "POST /admin/organizers": need("platform"),
  [`GET ${AO}`]: need("org:view"),
  [`GET ${AO}/settings`]: need("owner"),
  [`POST ${AO}/settings`]: need("owner"),
  [`POST ${AO}/events`]: need("level:full"),
  [`POST ${AO}/invitations`]: need("owner"),
  [`POST ${AO}/members/:id/remove`]: need("owner", { params: { id: "spareMember2" }, destroys: true }),
  [`POST ${AO}/grants`]: need("level:full"),
  [`POST ${AO}/grants/:id/delete`]: need("level:full", { params: { id: "spareGrant2" }, destroys: true }),
  [`POST ${AO}/tokens`]: need("owner"),
  [`POST ${AO}/tokens/:id/revoke`]: need("owner", { params: { id: "spareToken2" }, destroys: true }),
  [`GET ${AO}/privacy`]: need("owner"),
  [`POST ${AO}/privacy`]: need("owner"),
  "GET /admin/privacy": need("platform"),
  "POST /admin/privacy": need("platform"),
  "GET /admin/users": need("platform"),
  "POST /admin/users": need("platform"),
  "POST /admin/users/import": need("platform"),
  "GET /admin/outbox": need("platform"),
  "GET /admin/outbox/:file": need("platform"),
  "GET /admin/mail": need("platform"),
  "POST /admin/mail/:id/retry": need("platform"),
  "POST /admin/mail/retry": need("platform"),
  [`GET ${AE}`]: need("level:view"),
  [`POST ${AE}/settings`]: need("level:full"),
  [`GET ${AE}/presentation`]: need("level:view"),
  [`POST ${AE}/presentation`]: need("level:full"),
  [`POST ${AE}/presentation/cover`]: need("level:full"),
  [`POST ${AE}/presentation/cover/delete`]: need("level:full"),
  [`POST ${AE}/dates`]: need("level:full"),
  [`GET ${AE}/dates`]: need("level:view"),
  [`POST ${AE}/dates/recurring`]: need("level:full"),
  [`GET ${AE}/dates/:id/edit`]: need("level:full"),
  [`POST ${AE}/dates/:id/edit`]: need("level:full"),
  [`GET ${AE}/dates/:id/delete`]: need("level:full"),
  [`POST ${AE}/dates/:id/delete`]: need("level:full", { params: { id: "spareDate2" }, destroys: true }),
  [`GET ${AE}/ticket-types`]: need("level:view"),
  [`GET ${AE}/ticket-types/:id/edit`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/edit`]: need("level:full"),
  [`GET ${AE}/ticket-types/:id/delete`]: need("level:full"),
  [`GET ${AE}/quotas`]: need("level:view"),
  [`GET ${AE}/vouchers`]: need("level:view"),
  [`GET ${AE}/settings`]: need("level:view"),
  [`GET ${AE}/settings/test-orders/delete`]: need("level:orders"),
  [`POST ${AE}/settings/test-orders/delete`]: need("level:orders", { destroys: true }),
  [`DELETE ${E}/test-orders`]: need("level:orders", { destroys: true }),
  [`POST ${AE}/ticket-types`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/options`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/fields`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/option-groups`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/delete`]: need("level:full", {
    params: { id: "spareType2" },
    destroys: true,
  }),
  [`POST ${AE}/ticket-types/:id/template`]: need("level:full"),
  [`POST ${AE}/ticket-types/:id/template/delete`]: need("level:full", { destroys: true }),
  [`POST ${AE}/quotas`]: need("level:full"),
  [`POST ${AE}/vouchers`]: need("level:full"),
  [`GET ${AE}/waiting-room`]: need("level:view"),
  [`POST ${AE}/waiting-room`]: need("level:full"),
  [`GET ${AE}/orders`]: need("level:view"),
  [`POST ${AE}/orders/give`]: need("level:orders"),
  [`GET ${AE}/orders/:code`]: need("level:view"),
  [`POST ${AE}/orders/:code/information/:positionId/:fieldId`]: need("level:orders"),
  [`POST ${AE}/orders/:code/information/:positionId/:fieldId/validate`]: need("level:orders"),
  [`POST ${AE}/orders/:code/mark-paid`]: need("level:orders"),
  [`POST ${AE}/orders/:code/refund-card`]: need("level:orders"),
  [`POST ${AE}/orders/:code/cancel`]: need("level:orders", {
    params: { code: "spareOrder" },
    destroys: true,
  }),
  [`POST ${AE}/orders/:code/oppose`]: need("level:orders", {
    params: { code: "spareOrder" },
    destroys: true,
  }),
  [`GET ${AO}/payments`]: need("org:view"),
  [`POST ${AO}/payments`]: need("owner"),
  [`POST ${AO}/payments/:id/retire`]: need("owner", { params: { id: "spareAccount2" }, destroys: true }),
  [`POST ${AO}/payments/:id/default`]: need("owner", {
    params: { id: "spareAccount" },
    form: () => ({ default: "on" }),
  }),
  [`GET ${AE}/payments`]: need("level:view"),
  [`POST ${AE}/payments`]: need("level:full"),
  [`GET ${AO}/payments/lydia-tokens`]: need("org:view"),
  [`POST ${AO}/payments/lydia-tokens`]: need("owner"),
  [`GET ${AE}/exports`]: need("level:view"),
  [`POST ${AE}/exports`]: need("level:view"),
  [`GET ${AE}/checkin`]: need("level:checkin"),
  [`POST ${AE}/checkin/lists`]: need("level:full"),
  [`POST ${AE}/checkin/redeem`]: need("level:checkin"),
  [`POST ${AE}/checkin/devices`]: need("owner", {
    form: (w) => ({ name: "Phone", list: w.ids.list as string }),
  }),
  [`POST ${AE}/checkin/devices/:id/revoke`]: need("owner", { params: { id: "spareToken3" }, destroys: true }),
  [`GET ${AO}/rooms`]: need("org:view"),
  [`POST ${AO}/rooms/servers`]: need("owner"),
  [`POST ${AO}/rooms`]: need("owner"),
  [`POST ${AO}/rooms/:room/moderate`]: need("org:view", { people: true }),
  [`GET ${AO}/wallet`]: need("org:view"),
  [`POST ${AO}/wallet/settings`]: need("owner"),
  [`POST ${AO}/wallet/sync`]: need("owner"),
  "GET /admin/guestcards": need("known"),
  [`GET ${AO}/guestcards`]: need("level:orders"),
  [`GET ${AO}/guestcards/forms/new`]: need("level:orders"),
  [`POST ${AO}/guestcards/forms`]: need("level:orders"),
  [`GET ${AO}/guestcards/forms/:id`]: need("level:orders"),
  [`GET ${AO}/guestcards/forms/:id/edit`]: need("level:orders"),
  [`POST ${AO}/guestcards/forms/:id`]: need("level:orders"),
  [`POST ${AO}/guestcards/forms/:id/cancel`]: need("level:orders", {
    params: { id: "spareForm2" },
    destroys: true,
  }),
  [`GET ${AO}/guestcards/setup`]: need("owner"),
  [`POST ${AO}/guestcards/municipalities`]: need("owner"),
  [`POST ${AO}/guestcards/clients`]: need("owner"),
  [`POST ${AO}/guestcards/clients/:id/municipalities`]: need("owner"),
  [`POST ${AO}/guestcards/clients/:id/disable`]: need("owner", {
    params: { id: "spareClient2" },
    destroys: true,
  }),
  [`GET ${AO}/guestcards/import`]: need("level:orders"),
  [`POST ${AO}/guestcards/import`]: need("level:orders"),

  // Door staff, exhibitors' workspace, partners' sites
  "GET /scanner": pub,
  "GET /exhibit": need("person"),
  [`GET ${X}`]: need(viewOrExhibitor),
  [`POST ${X}/settings`]: need("level:full"),
  [`POST ${X}/exhibitors`]: need("level:full"),
  [`POST ${X}/exhibitors/:id/remove`]: need("level:full", {
    params: { id: "spareExhibitor2" },
    destroys: true,
  }),
  [`POST ${X}/sources`]: need("level:full"),
  [`POST ${X}/sources/:id/retire`]: need("level:full", { params: { id: "spareSource2" }, destroys: true }),
  [`POST ${X}/experiences`]: need(fullOrExhibitor),
  [`GET ${X}/experiences/:id`]: need(viewOrExhibitor),
  [`POST ${X}/experiences/:id`]: need(fullOrExhibitor),
  [`POST ${X}/experiences/:id/image`]: need(fullOrExhibitor),
  [`POST ${X}/experiences/:id/delete`]: need(fullOrExhibitor, {
    params: { id: "spareExperience2" },
    destroys: true,
  }),
  [`POST ${X}/experiences/:id/slots`]: need(fullOrExhibitor),
  [`POST ${X}/experiences/:id/slots/bulk`]: need(fullOrExhibitor),
  [`POST ${X}/experiences/:id/slots/:slot/delete`]: need(fullOrExhibitor, { destroys: true }),
  "GET /embed/resize.js": pub,
  "GET /embed/frame.js": pub,
  [`GET ${M}`]: pub,
  [`GET ${M}/:id/image`]: pub,
  [`POST ${M}/ticket`]: need("public", { form: (w) => ticket(w) as Record<string, string> }),
  [`POST ${M}/book`]: pub,
  [`POST ${M}/cancel`]: pub,
};
