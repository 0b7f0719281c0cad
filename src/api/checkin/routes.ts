import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import {
  createCheckinList,
  findCheckinList,
  listCheckinLists,
  presentCheckinList,
} from "../../modules/checkin/lists.js";
import { listCounts, offlineSnapshot } from "../../modules/checkin/offline.js";
import { listScans } from "../../modules/checkin/redeem.js";
import { redeemScanOrCode } from "../../modules/checkin/typed-code.js";
import { rotatingCodes } from "../../modules/credentials/rotating.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import { reissueTicket, revokedSecrets } from "../../modules/tickets/reissue.js";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams, OrderParams } from "../params.js";
import {
  CheckinListSchema,
  CreateListBody,
  ListCountsSchema,
  ListParams,
  OfflineSnapshotSchema,
  RedeemAnswerSchema,
  RedeemBody,
} from "./schemas.js";

const tags = ["check-in"];
const base = "/api/v1/organizers/:organizer/events/:event";

export function checkinRoutes(ctx: AppContext) {
  const rotation = rotatingCodes(ctx.secrets.signingPrivateKey);
  // A daily list's day is the event's, from the event row alone: no second query on a door scan.
  const zone = (event: { time_zone: string | null }) => eventTimeZone(event, null, ctx.config.timeZone);
  /** The event, for someone allowed at its door (check-in level or higher). */
  const doorEvent = async (actor: Actor, params: { organizer: string; event: string }) => {
    const event = await eventForAdmin(ctx.db, actor, params);
    authorize(actor, "event.checkin", { type: "event", organizerId: event.organizer_id, eventId: event.id });
    return event;
  };
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      `${base}/checkin-lists`,
      {
        schema: {
          tags,
          summary: "Create a check-in list (full level)",
          params: EventParams,
          body: CreateListBody,
          response: { 201: CheckinListSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return reply
          .status(201)
          .send(presentCheckinList(await createCheckinList(ctx.db, req.actor, event, req.body)));
      },
    );

    app.get(
      `${base}/checkin-lists`,
      {
        schema: {
          tags,
          params: EventParams,
          response: { 200: Type.Array(CheckinListSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return (await listCheckinLists(ctx.db, req.actor, event)).map(presentCheckinList);
      },
    );

    app.post(
      `${base}/checkin-lists/:id/redeem`,
      {
        schema: {
          tags,
          summary:
            "Scan a ticket at the door (check-in level), or type its ticket code: ok, or an error with its reason (429 after too many wrong typed codes)",
          params: ListParams,
          body: RedeemBody,
          response: { 200: RedeemAnswerSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const list = await findCheckinList(ctx.db, event, req.params.id);
        return redeemScanOrCode(ctx.db, req.actor, event, list, req.body, zone(event), { rotation });
      },
    );

    app.get(
      `${base}/checkin-lists/:id/offline`,
      {
        schema: {
          tags,
          summary:
            "Everything a scanner needs to decide offline (the door's rules are served compiled at /assets/door/checkin/decision.js): the list's rules, the public key, revoked secrets, the list's tickets and the event's other ones, each secret only as its SHA-256",
          params: ListParams,
          response: { 200: OfflineSnapshotSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const list = await findCheckinList(ctx.db, event, req.params.id);
        return offlineSnapshot(ctx.db, ctx.signer, req.actor, event, list, zone(event));
      },
    );

    app.get(
      `${base}/checkin-lists/:id/counts`,
      {
        schema: {
          tags,
          summary: "Valid tickets on the list, how many hold the current entry, and scans so far",
          params: ListParams,
          response: { 200: ListCountsSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await doorEvent(req.actor, req.params);
        const list = await findCheckinList(ctx.db, event, req.params.id);
        return listCounts(ctx.db, list, event, zone(event));
      },
    );

    app.get(
      `${base}/checkin-lists/:id/scans`,
      {
        schema: {
          tags,
          summary: "Every scan of a list, newest first: device, time, result",
          params: ListParams,
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.Integer(),
                position_id: Type.Union([Type.Integer(), Type.Null()]),
                type: Type.String(),
                status: Type.String(),
                reason: Type.Union([Type.String(), Type.Null()]),
                device: Type.String(),
                scanned_at: Type.String(),
              }),
            ),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const event = await doorEvent(req.actor, req.params);
        return listScans(ctx.db, await findCheckinList(ctx.db, event, req.params.id));
      },
    );

    app.get(
      `${base}/ticket-key`,
      {
        schema: {
          tags,
          summary:
            "What an offline scanner needs: the event's Ed25519 public key (raw, base64url) and the revoked secrets. A secret is `<random>.<signature>` over `tessera-ticket:v1:<event id>:<random>`",
          params: EventParams,
          response: {
            200: Type.Object({
              event_id: Type.Integer(),
              algorithm: Type.Literal("Ed25519"),
              public_key: Type.String(),
              revoked: Type.Array(Type.Object({ secret: Type.String(), revoked_at: Type.String() })),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const event = await doorEvent(req.actor, req.params);
        return {
          event_id: event.id,
          algorithm: "Ed25519" as const,
          public_key: ctx.signer.publicKey(event.id),
          revoked: await revokedSecrets(ctx.db, event.id),
        };
      },
    );

    app.post(
      `${base}/orders/:code/positions/:position/reissue`,
      {
        schema: {
          tags,
          summary: "Give a ticket a new secret; the old one is revoked (manage-orders level)",
          params: Type.Object({ ...OrderParams.properties, position: Type.Integer() }),
          response: { 200: Type.Object({ secret: Type.String() }), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const order = await findOrderByCode(ctx.db, event.id, req.params.code);
        return {
          secret: await reissueTicket(ctx.db, ctx.signer, req.actor, event, order, req.params.position),
        };
      },
    );
  };
}
