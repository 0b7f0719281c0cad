import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { listAudit } from "../../modules/audit/audit-log.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { deleteAccount, deletionStatus } from "../../modules/privacy/deletion.js";
import { personalData, writePersonalDataZip } from "../../modules/privacy/export.js";
import { retentionOf, setRetention } from "../../modules/privacy/retention.js";
import { loadPrivacySettings, savePrivacySettings } from "../../modules/privacy/settings.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses, Nullable } from "../../platform/http/schemas.js";

const tags = ["privacy"];

const DeletionStatusSchema = Type.Object({
  allowed: Type.Boolean(),
  reason: Type.Optional(Type.String({ description: "internal or platform_admin when not allowed" })),
  from: Nullable(Type.String({ description: "from when deletion is possible; null: now" })),
  possible_now: Type.Boolean(),
});

const RetentionSchema = Type.Object({
  days: Nullable(Type.Integer()),
  schedule: Type.Array(
    Type.Object({
      event_id: Type.Integer(),
      event: Type.String(),
      last_date_ends: Type.String(),
      anonymize_at: Type.String(),
      orders: Type.Integer(),
    }),
  ),
});

const AuditEntry = Type.Object({
  id: Type.Integer(),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  organizer: Nullable(Type.String()),
  created_at: Type.String(),
});

function requireUser(actor: { kind: string }) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
}

export function privacyApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      "/api/v1/me/data",
      {
        schema: {
          tags,
          summary: "Everything the platform holds about the signed-in person (JSON)",
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { data } = await personalData(ctx.db, req.actor);
        return reply
          .header("content-disposition", 'attachment; filename="my-data.json"')
          .header("cache-control", "private, no-store")
          .send(data);
      },
    );

    app.get(
      "/api/v1/me/data.zip",
      {
        schema: {
          tags,
          summary: "The same JSON plus the person's uploaded files, as a ZIP",
          produces: ["application/zip"],
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (req, reply) => {
        requireUser(req.actor);
        reply.raw.writeHead(200, {
          "content-type": "application/zip",
          "content-disposition": 'attachment; filename="my-data.zip"',
          "cache-control": "private, no-store",
        });
        reply.hijack();
        await writePersonalDataZip(ctx.db, ctx.config.dataDir, req.actor, reply.raw);
      },
    );

    app.get(
      "/api/v1/me/deletion",
      {
        schema: {
          tags,
          summary: "Whether and from when the signed-in account may be deleted",
          response: { 200: DeletionStatusSchema, ...errorResponses },
        },
      },
      async (req) => {
        if (req.actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
        const s = await deletionStatus(ctx.db, req.actor.user.id);
        return { allowed: s.allowed, reason: s.reason, from: s.from, possible_now: s.possibleNow };
      },
    );

    app.delete(
      "/api/v1/me",
      {
        schema: {
          tags,
          summary:
            'Delete the signed-in account (body {"confirm":"DELETE"}): personal data is erased, orders and payments stay as Anonymous',
          body: Type.Object({ confirm: Type.String() }),
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await deleteAccount(ctx.db, ctx.config.dataDir, req.actor, req.body.confirm);
        return reply.status(204).send(null);
      },
    );

    const retention = async (actor: Parameters<typeof findOrganizer>[1], slug: string) => {
      const organizer = await findOrganizer(ctx.db, actor, slug);
      authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
      return organizer;
    };

    app.get(
      "/api/v1/organizers/:organizer/retention",
      {
        schema: {
          tags,
          summary: "The organizer's retention period and what will be anonymized when (owners)",
          params: Type.Object({ organizer: Type.String() }),
          response: { 200: RetentionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await retention(req.actor, req.params.organizer);
        return retentionOf(ctx.db, organizer.id);
      },
    );

    app.put(
      "/api/v1/organizers/:organizer/retention",
      {
        schema: {
          tags,
          summary: "Set the retention period in days after an event's last date (null: never)",
          params: Type.Object({ organizer: Type.String() }),
          body: Type.Object({ days: Nullable(Type.Integer({ minimum: 0, maximum: 36_500 })) }),
          response: { 200: RetentionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await retention(req.actor, req.params.organizer);
        await setRetention(ctx.db, req.actor, organizer.id, req.body.days);
        return retentionOf(ctx.db, organizer.id);
      },
    );

    app.get(
      "/api/v1/audit-log",
      {
        schema: {
          tags,
          summary: "Who viewed or exported personal data, newest first (platform admins)",
          querystring: Type.Object({
            action: Type.Optional(Type.String({ maxLength: 40 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: { 200: Type.Array(AuditEntry), ...errorResponses },
        },
      },
      (req) => listAudit(ctx.db, req.actor, req.query),
    );

    app.get(
      "/api/v1/privacy/settings",
      {
        schema: {
          tags,
          summary: "Platform privacy settings (platform admins)",
          response: { 200: Type.Object({ internal_deletion: Type.Boolean() }), ...errorResponses },
        },
      },
      async (req) => {
        authorize(req.actor, "platform.admin", { type: "platform" });
        return { internal_deletion: (await loadPrivacySettings(ctx.db)).internalDeletion };
      },
    );

    app.put(
      "/api/v1/privacy/settings",
      {
        schema: {
          tags,
          summary: "Whether internal accounts may delete themselves (platform admins)",
          body: Type.Object({ internal_deletion: Type.Boolean() }),
          response: { 200: Type.Object({ internal_deletion: Type.Boolean() }), ...errorResponses },
        },
      },
      async (req) => {
        authorize(req.actor, "platform.admin", { type: "platform" });
        await savePrivacySettings(ctx.db, { internalDeletion: req.body.internal_deletion });
        return { internal_deletion: req.body.internal_deletion };
      },
    );
  };
}
