import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";

interface Option {
  id: number;
  name: string;
  price: string;
  group: number | null;
}
interface Group {
  id: number;
  name: string;
  options: Option[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
}
interface Order {
  code: string;
  total: string;
  positions: { price: string; options: { id: number; name: string; price: string }[] }[];
}

const errorOf = (r: { body: unknown }) => (r.body as ErrorBody).error;
const fieldsOf = (r: { body: unknown }) => (errorOf(r).details?.fields ?? []).map((f) => f.field);

describe.each(dialects)("ticket-type options on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("creates, lists, edits and deletes options and option groups", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId } = await seedSeries(t);
    const tt = `${ev}/ticket-types/${typeId}`;

    const program = await call<Option>(
      "POST",
      `${tt}/options`,
      { name: "Programme", price: "2.00" },
      { expect: 201 },
    );
    expect(program.body).toEqual({
      id: program.body.id,
      name: "Programme",
      price: "2.00",
      group: null,
      translations: {},
    });
    const meal = await call<Group>("POST", `${tt}/option-groups`, { name: "Meal" }, { expect: 201 });
    expect(meal.body).toEqual({ id: meal.body.id, name: "Meal", translations: {}, options: [] });
    const veggie = await call<Option>(
      "POST",
      `${tt}/options`,
      { name: "Vegetarian", price: "8,5", group: meal.body.id },
      { expect: 201 },
    );
    expect(veggie.body).toMatchObject({ price: "8.50", group: meal.body.id });
    await call("POST", `${tt}/options`, { name: "Fish", price: 9, group: meal.body.id }, { expect: 201 });

    const options = await call<Option[]>("GET", `${tt}/options`, undefined, { expect: 200 });
    expect(options.body.map((o) => o.name)).toEqual(["Programme", "Vegetarian", "Fish"]);
    const groups = await call<Group[]>("GET", `${tt}/option-groups`, undefined, { expect: 200 });
    expect(groups.body).toHaveLength(1);
    expect(groups.body[0]?.options.map((o) => [o.name, o.price])).toEqual([
      ["Vegetarian", "8.50"],
      ["Fish", "9.00"],
    ]);

    const edited = await call<Option>(
      "PATCH",
      `${tt}/options/${program.body.id}`,
      { name: "Printed programme", price: "3.00" },
      { expect: 200 },
    );
    expect(edited.body).toMatchObject({ name: "Printed programme", price: "3.00", group: null });
    const moved = await call<Option>(
      "PATCH",
      `${tt}/options/${veggie.body.id}`,
      { group: null },
      { expect: 200 },
    );
    expect(moved.body.group).toBeNull();
    const renamed = await call<Group>(
      "PATCH",
      `${tt}/option-groups/${meal.body.id}`,
      { name: "Dinner" },
      { expect: 200 },
    );
    expect(renamed.body).toMatchObject({ name: "Dinner", options: [{ name: "Fish" }] });

    // Deleting a group takes its options with it; ungrouped ones stay.
    await call("DELETE", `${tt}/option-groups/${meal.body.id}`, undefined, { expect: 204 });
    await call("DELETE", `${tt}/options/${program.body.id}`, undefined, { expect: 204 });
    expect((await call<Option[]>("GET", `${tt}/options`)).body.map((o) => o.name)).toEqual(["Vegetarian"]);
    expect((await call("GET", `${tt}/option-groups`)).body).toEqual([]);
  });

  it("refuses bad input with 4xx and a stable code, never a 500", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId } = await seedSeries(t);
    const tt = `${ev}/ticket-types/${typeId}`;
    const other = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Other", price: "1.00" },
      { expect: 201 },
    );
    const foreignGroup = await call<Group>(
      "POST",
      `${ev}/ticket-types/${other.body.id}/option-groups`,
      { name: "Elsewhere" },
      { expect: 201 },
    );
    const option = await call<Option>("POST", `${tt}/options`, { name: "A", price: "1" }, { expect: 201 });

    const wrongGroup = await call("POST", `${tt}/options`, {
      name: "X",
      price: "1.00",
      group: foreignGroup.body.id,
    });
    expect(wrongGroup.status).toBe(400);
    expect(errorOf(wrongGroup).code).toBe("validation_failed");
    expect(fieldsOf(wrongGroup)).toEqual(["group"]);
    const moveAway = await call("PATCH", `${tt}/options/${option.body.id}`, { group: foreignGroup.body.id });
    expect(moveAway.status).toBe(400);

    for (const body of [
      { name: "", price: "1.00" },
      { name: "X", price: "-1" },
      { name: "X", price: "1.234" },
      {},
    ]) {
      const res = await call("POST", `${tt}/options`, body);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe("validation_failed");
    }
    expect((await call("PATCH", `${tt}/options/${option.body.id}`, {})).status).toBe(400);
    expect((await call("POST", `${tt}/option-groups`, { name: " " })).status).toBe(400);

    const notFound = [
      await call("GET", `${ev}/ticket-types/999999/options`),
      await call("POST", `${ev}/ticket-types/999999/option-groups`, { name: "G" }),
      await call("PATCH", `${tt}/options/999999`, { name: "B" }),
      await call("DELETE", `${tt}/options/999999`),
      await call("PATCH", `${tt}/option-groups/999999`, { name: "B" }),
      await call("DELETE", `${tt}/option-groups/999999`),
      // An option is addressed through its own ticket type only.
      await call("DELETE", `${ev}/ticket-types/${other.body.id}/options/${option.body.id}`),
    ];
    for (const res of notFound) {
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe("not_found");
    }
    const huge = await call("GET", `${ev}/ticket-types/99999999999999/options`);
    expect(huge.status).toBe(400);
    expect(errorOf(huge).code).toBeTypeOf("string");

    const anonymous = await call("POST", `${tt}/options`, { name: "A", price: "1" }, { headers: {} });
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
    expect(anonymous.status).toBeLessThan(500);
    expect((await call<Option[]>("GET", `${tt}/options`)).body).toHaveLength(1);
  });

  it("books options: prices added, groups exclusive, stored on the position as booked, frozen afterwards", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 10 });
    const tt = `${ev}/ticket-types/${typeId}`;
    const program = await call<Option>("POST", `${tt}/options`, { name: "Programme", price: "2.00" });
    const meal = await call<Group>("POST", `${tt}/option-groups`, { name: "Meal" });
    const veggie = await call<Option>("POST", `${tt}/options`, {
      name: "Vegetarian",
      price: "8.50",
      group: meal.body.id,
    });
    const fish = await call<Option>("POST", `${tt}/options`, {
      name: "Fish",
      price: "9.00",
      group: meal.body.id,
    });
    const other = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Other", price: "1.00" },
      { expect: 201 },
    );
    const foreign = await call<Option>(
      "POST",
      `${ev}/ticket-types/${other.body.id}/options`,
      { name: "Foreign", price: "1.00" },
      { expect: 201 },
    );
    const book = (positions: unknown[]) =>
      call<Order>("POST", `${ev}/orders`, { email: "o@example.org", positions });

    const conflict = await book([
      { ticket_type: typeId, date: dateId, options: [veggie.body.id, fish.body.id] },
    ]);
    expect(conflict.status).toBe(400);
    expect(errorOf(conflict).code).toBe("option_group_conflict");
    const foreignOption = await book([
      { ticket_type: typeId, date: dateId },
      { ticket_type: typeId, date: dateId, options: [foreign.body.id] },
    ]);
    expect(foreignOption.status).toBe(400);
    expect(errorOf(foreignOption).code).toBe("validation_failed");
    expect(fieldsOf(foreignOption)).toEqual(["positions.1.options"]);
    const twice = await book([
      { ticket_type: typeId, date: dateId, options: [program.body.id, program.body.id] },
    ]);
    expect(fieldsOf(twice)).toEqual(["positions.0.options"]);
    const unknown = await book([{ ticket_type: typeId, date: dateId, options: [999999] }]);
    expect(fieldsOf(unknown)).toEqual(["positions.0.options"]);
    // Nothing half-written by the refusals; the options can still change.
    expect((await call("GET", `${ev}/orders`)).body).toEqual([]);
    await call("PATCH", `${tt}/options/${program.body.id}`, { price: "2.50" }, { expect: 200 });

    const order = await book([
      { ticket_type: typeId, date: dateId, options: [program.body.id, fish.body.id] },
      { ticket_type: typeId, date: dateId, options: [veggie.body.id] },
      { ticket_type: typeId, date: dateId },
    ]);
    expect(order.status).toBe(201);
    // 3 × 12.50 + (2.50 + 9.00) + 8.50 = 57.50
    expect(order.body.total).toBe("57.50");
    expect(order.body.positions.map((p) => p.price)).toEqual(["24.00", "21.00", "12.50"]);
    expect(order.body.positions[0]?.options).toEqual([
      { id: program.body.id, name: "Programme", price: "2.50" },
      { id: fish.body.id, name: "Fish", price: "9.00" },
    ]);
    expect(order.body.positions[2]?.options).toEqual([]);

    const got = await call<Order>("GET", `${ev}/orders/${order.body.code}`, undefined, { expect: 200 });
    expect(got.body.positions[1]?.options).toEqual([
      { id: veggie.body.id, name: "Vegetarian", price: "8.50" },
    ]);
    const stored = await t.database.db.kysely
      .selectFrom("order_position_options")
      .select(["option_id", "name", "price_minor"])
      .orderBy("price_minor")
      .execute();
    expect(stored).toEqual([
      { option_id: program.body.id, name: "Programme", price_minor: 250 },
      { option_id: veggie.body.id, name: "Vegetarian", price_minor: 850 },
      { option_id: fish.body.id, name: "Fish", price_minor: 900 },
    ]);

    // Once the ticket type has orders, its options and groups are frozen.
    const frozen = [
      await call("POST", `${tt}/options`, { name: "Late", price: "1.00" }),
      await call("PATCH", `${tt}/options/${program.body.id}`, { price: "5.00" }),
      await call("DELETE", `${tt}/options/${program.body.id}`),
      await call("POST", `${tt}/option-groups`, { name: "Late" }),
      await call("PATCH", `${tt}/option-groups/${meal.body.id}`, { name: "Food" }),
      await call("DELETE", `${tt}/option-groups/${meal.body.id}`),
    ];
    for (const res of frozen) {
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe("ticket_type_has_orders");
    }
    // Another ticket type without orders stays editable.
    await call(
      "PATCH",
      `${ev}/ticket-types/${other.body.id}/options/${foreign.body.id}`,
      { name: "F" },
      { expect: 200 },
    );

    // Even if the catalog row changed behind our back, the order keeps what was booked.
    await t.database.db.kysely
      .updateTable("ticket_type_options")
      .set({ name: "Renamed", price_minor: 100 })
      .where("id", "=", fish.body.id)
      .execute();
    const again = await call<Order>("GET", `${ev}/orders/${order.body.code}`, undefined, { expect: 200 });
    expect(again.body.positions[0]?.options[1]).toEqual({ id: fish.body.id, name: "Fish", price: "9.00" });
    expect(again.body.total).toBe("57.50");
  });

  it("a voucher changes the ticket's price, never the options'", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 10 });
    const program = await call<Option>(
      "POST",
      `${ev}/ticket-types/${typeId}/options`,
      { name: "Programme", price: "2.00" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "FREE", max_usages: 5, price_mode: "free" },
      { expect: 201 },
    );
    const order = await call<Order & { status: string }>(
      "POST",
      `${ev}/orders`,
      {
        email: "v@example.org",
        voucher: "FREE",
        positions: [{ ticket_type: typeId, date: dateId, options: [program.body.id] }],
      },
      { expect: 201 },
    );
    expect(order.body).toMatchObject({ total: "2.00", status: "pending" });
    expect(order.body.positions[0]?.price).toBe("2.00");
  });
});
