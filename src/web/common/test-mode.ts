import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";

/** Over every shop page of an event in test mode, so no buyer takes a test order for a real one. */
export function testModeBanner(req: FastifyRequest, event: { test_mode: number }): SafeHtml {
  if (!event.test_mode) return html``;
  return html`<div class="alert error test-mode" role="status" data-testid="test-mode"><strong>${req.t("testMode.banner")}</strong> ${req.t("testMode.bannerHint")}</div>`;
}

/** Said at the top of a test order's page: what the mark beside its code means. */
export function testOrderNote(req: FastifyRequest, order: { test_mode: number }): SafeHtml {
  if (!order.test_mode) return html``;
  return html`<div class="alert error" role="note">${req.t("testMode.orderNote")}</div>`;
}

/** The TEST mark beside an order's code, wherever a test order is shown. */
export function testOrderMark(req: FastifyRequest, order: { test_mode: number }): SafeHtml {
  if (!order.test_mode) return html``;
  return html` <span class="pill warn" data-testid="test-order">${req.t("testMode.label")}</span>`;
}
