import type { TestApp } from "./app.js";
import { ADMIN_TOKEN } from "./app.js";

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Drives the API as the acceptance checks do; throws on any unexpected status. */
export function api(t: TestApp) {
  return async function call<T = Record<string, unknown>>(
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    payload?: unknown,
    options: { headers?: Record<string, string>; expect?: number } = {},
  ): Promise<{ status: number; body: T }> {
    const res = await t.app.inject({
      method,
      url,
      payload: payload as object,
      headers: options.headers ?? adminHeaders,
    });
    const body = res.body ? (res.json() as T) : (undefined as T);
    if (options.expect !== undefined && res.statusCode !== options.expect) {
      throw new Error(`${method} ${url} → ${res.statusCode}, expected ${options.expect}: ${res.body}`);
    }
    return { status: res.statusCode, body };
  };
}

/** An organizer with a series, one date, one ticket type and a quota: the smallest bookable setup. */
export async function seedSeries(
  t: TestApp,
  options: { quota?: number; price?: string; slug?: string } = {},
) {
  const call = api(t);
  const org = options.slug ?? "org";
  await call("POST", "/api/v1/organizers", { slug: org, name: "Org" }, { expect: 201 });
  const ev = `/api/v1/organizers/${org}/events/series`;
  await call(
    "POST",
    `/api/v1/organizers/${org}/events`,
    { slug: "series", name: "Series", currency: "EUR", is_series: true },
    { expect: 201 },
  );
  const date = await call<{ id: number }>(
    "POST",
    `${ev}/dates`,
    {
      name: "First night",
      starts_at: "2031-03-01T19:00:00Z",
      ends_at: "2031-03-01T21:00:00Z",
      meta: { room: "https://rooms.example.org/1" },
    },
    { expect: 201 },
  );
  const type = await call<{ id: number }>(
    "POST",
    `${ev}/ticket-types`,
    { name: "Standard", price: options.price ?? "12.50" },
    { expect: 201 },
  );
  const quota = await call<{ id: number }>(
    "POST",
    `${ev}/quotas`,
    { name: "Hall", size: options.quota ?? 10, ticket_types: [type.body.id], date: date.body.id },
    { expect: 201 },
  );
  return { call, ev, dateId: date.body.id, typeId: type.body.id, quotaId: quota.body.id };
}
