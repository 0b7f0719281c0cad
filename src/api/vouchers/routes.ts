import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import {
  createVoucher,
  createVouchersInBulk,
  listVouchers,
  presentVoucher,
  voucherLink,
  vouchersCsv,
} from "../../modules/vouchers/service.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { BulkVoucherBody, CreateVoucherBody, Voucher } from "./schemas.js";

const tags = ["vouchers"];
const base = "/api/v1/organizers/:organizer/events/:event";

export function voucherApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const linkFor = (params: { organizer: string; event: string }) => (code: string) =>
      voucherLink(ctx.config.publicUrl, params.organizer, params.event, code);

    app.post(
      `${base}/vouchers`,
      {
        schema: {
          tags,
          summary: "Create a voucher",
          params: EventParams,
          body: CreateVoucherBody,
          response: { 201: Voucher, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const voucher = await createVoucher(ctx.db, req.actor, event, req.body);
        return reply.status(201).send(presentVoucher(voucher, linkFor(req.params)(voucher.code)));
      },
    );

    app.post(
      `${base}/vouchers/bulk`,
      {
        schema: {
          tags,
          summary: "Create many vouchers with generated codes",
          params: EventParams,
          body: BulkVoucherBody,
          response: { 201: Type.Array(Voucher), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const vouchers = await createVouchersInBulk(ctx.db, req.actor, event, req.body);
        return reply.status(201).send(vouchers.map((v) => presentVoucher(v, linkFor(req.params)(v.code))));
      },
    );

    app.get(
      `${base}/vouchers`,
      { schema: { tags, params: EventParams, response: { 200: Type.Array(Voucher), ...errorResponses } } },
      async (req) => {
        const vouchers = await listVouchers(
          ctx.db,
          req.actor,
          await eventForAdmin(ctx.db, req.actor, req.params),
        );
        return vouchers.map((v) => presentVoucher(v, linkFor(req.params)(v.code)));
      },
    );

    app.get(
      `${base}/vouchers.csv`,
      {
        schema: {
          tags,
          summary: "All vouchers as CSV (codes, usages, links)",
          params: EventParams,
          produces: ["text/csv"],
        },
      },
      async (req, reply) => {
        const vouchers = await listVouchers(
          ctx.db,
          req.actor,
          await eventForAdmin(ctx.db, req.actor, req.params),
        );
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="vouchers-${req.params.event}.csv"`)
          .send(vouchersCsv(vouchers, linkFor(req.params)));
      },
    );
  };
}
