import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { findOrganizer } from "../../modules/organizers/service.js";
import { ticketHistory, walletOverview } from "../../modules/wallet/overview.js";
import { ProviderError } from "../../modules/wallet/provider.js";
import { presentWalletSettings, saveWalletSettings, walletSettings } from "../../modules/wallet/settings.js";
import { syncWallet } from "../../modules/wallet/sync.js";
import { trackLifecycle } from "../../modules/wallet/tracker.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses, Nullable } from "../../platform/http/schemas.js";

const tags = ["wallet"];
const base = "/api/v1/organizers/:organizer";
const Params = Type.Object({ organizer: Type.String() });

const SettingsSchema = Type.Object({
  provider_url: Nullable(Type.String()),
  api_key_set: Type.Boolean(),
  custom_parameters: Type.String({
    description: "e.g. TIXNGO_LIFECYCLE_MODE=lifecycle; history mode (deprecated) when unset",
  }),
  mode: Type.String(),
  batch_size: Type.Integer(),
  webhook_url: Nullable(Type.String()),
  webhook_secret_set: Type.Boolean(),
});

const OverviewSchema = Type.Object({
  families: Type.Record(Type.String(), Type.Integer()),
  sync: Type.Object({
    last_run_at: Nullable(Type.String()),
    last_synced: Type.Integer(),
    total_synced: Type.Integer(),
    last_error: Nullable(Type.String()),
    waiting_to_send: Type.Integer(),
  }),
  tickets: Type.Array(
    Type.Object({
      ticket: Type.Integer(),
      code: Type.String(),
      event: Type.String(),
      business_status: Type.String(),
      family: Type.String(),
      wallet_status: Nullable(Type.String({ description: "null: never sent (not applicable)" })),
      wallet_holder: Nullable(Type.String()),
      wallet_legacy_status: Nullable(Type.String()),
      updated_at: Type.String(),
    }),
  ),
});

const HistorySchema = Type.Array(
  Type.Object({
    kind: Type.String(),
    from_status: Nullable(Type.String()),
    to_status: Type.String(),
    cause: Type.String(),
    applied: Type.Boolean(),
    created_at: Type.String(),
  }),
);

const SettingsBody = Type.Object(
  {
    provider_url: Type.Optional(Nullable(Type.String())),
    api_key: Type.Optional(Nullable(Type.String({ description: "kept when empty; stored sealed" }))),
    custom_parameters: Type.Optional(Nullable(Type.String())),
    batch_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1000 })),
    webhook_url: Type.Optional(Nullable(Type.String())),
    webhook_secret: Type.Optional(
      Nullable(Type.String({ description: "signs webhook payloads (HMAC-SHA256)" })),
    ),
  },
  { additionalProperties: false },
);

export function walletRoutes(ctx: AppContext) {
  const deps = { db: ctx.db, secrets: ctx.secrets };
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const organizerOf = (actor: Parameters<typeof findOrganizer>[1], slug: string) =>
      findOrganizer(ctx.db, actor, slug);

    app.get(
      `${base}/wallet`,
      {
        schema: {
          tags,
          summary: "Wallet provider and webhook settings",
          params: Params,
          response: { 200: SettingsSchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await organizerOf(req.actor, req.params.organizer);
        authorize(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
        return presentWalletSettings(await walletSettings(ctx.db, organizer.id));
      },
    );

    app.put(
      `${base}/wallet`,
      {
        schema: {
          tags,
          params: Params,
          body: SettingsBody,
          response: { 200: SettingsSchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await organizerOf(req.actor, req.params.organizer);
        return saveWalletSettings(ctx.db, ctx.secrets, req.actor, organizer.id, req.body);
      },
    );

    app.post(
      `${base}/wallet/sync`,
      {
        schema: {
          tags,
          summary: "Track the lifecycle and sync with the wallet provider now (it also runs every minute)",
          params: Params,
          response: {
            200: Type.Object({ tracked: Type.Integer(), pushed: Type.Integer(), pulled: Type.Integer() }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const organizer = await organizerOf(req.actor, req.params.organizer);
        authorize(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
        const tracked = await trackLifecycle(ctx.db);
        try {
          return { tracked, ...(await syncWallet(deps, organizer.id)) };
        } catch (error) {
          if (error instanceof ProviderError)
            throw domainError("wallet_provider_unavailable", error.message, 502);
          throw error;
        }
      },
    );

    app.get(
      `${base}/ticket-states`,
      {
        schema: {
          tags,
          summary:
            "Tickets with business status, family, wallet status (null = not applicable) and holder; counts per family; sync state",
          params: Params,
          querystring: Type.Object({
            family: Type.Optional(Type.String()),
            wallet_status: Type.Optional(
              Type.String({ description: "a provider status, or NA for never sent" }),
            ),
            code: Type.Optional(Type.String({ description: "booking code" })),
          }),
          response: { 200: OverviewSchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await organizerOf(req.actor, req.params.organizer);
        return walletOverview(ctx.db, req.actor, organizer.id, req.query);
      },
    );

    app.get(
      `${base}/ticket-states/:ticket/history`,
      {
        schema: {
          tags,
          summary:
            "Every recorded transition of a ticket (business and wallet, refused ones with applied=false)",
          params: Type.Object({ organizer: Type.String(), ticket: Type.Integer() }),
          response: { 200: HistorySchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await organizerOf(req.actor, req.params.organizer);
        authorize(req.actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
        const owned = await ctx.db.kysely
          .selectFrom("ticket_states")
          .select("position_id")
          .where("position_id", "=", req.params.ticket)
          .where("organizer_id", "=", organizer.id)
          .executeTakeFirst();
        if (!owned) throw domainError("not_found", "Ticket not found", 404);
        return (await ticketHistory(ctx.db, owned.position_id)).map((h) => ({
          ...h,
          applied: Boolean(h.applied),
        }));
      },
    );
  };
}
