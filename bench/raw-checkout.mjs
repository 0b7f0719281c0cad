// The same writes as one checkout (conditional quota update, order, position, quota take, log entry,
// the confirmation mail's job) in one transaction of prepared better-sqlite3 statements, without the
// platform. The rush's SQLite ceilings run it in a tight loop and behind a bare Fastify route.
import Database from "better-sqlite3";

export function openRawCheckout(file, quotaSize = 100_000_000) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`create table if not exists q(id integer primary key, taken int, size int);
    create table if not exists o(id integer primary key, code text unique, email text, status text, total int, created text);
    create table if not exists p(id integer primary key, order_id int, secret text unique, price int);
    create table if not exists t(order_id int, quota_id int, n int);
    create table if not exists l(id integer primary key, order_id int, action text, created text);
    create table if not exists j(id integer primary key, kind text, payload text, status text, run_at text);
    insert or ignore into q values (1, 0, ${Number(quotaSize)});`);
  const take = db.prepare("update q set taken = taken + 1 where id = 1 and taken + 1 <= size");
  const order = db.prepare(
    "insert into o(code, email, status, total, created) values (?, ?, 'pending', 2000, ?) returning id",
  );
  const position = db.prepare("insert into p(order_id, secret, price) values (?, ?, 2000)");
  const took = db.prepare("insert into t values (?, 1, 1)");
  const entry = db.prepare("insert into l(order_id, action, created) values (?, 'placed', ?)");
  const mail = db.prepare(
    "insert into j(kind, payload, status, run_at) values ('mail.order', ?, 'pending', ?)",
  );
  // true: sold; false: the quota is gone.
  const checkout = db.transaction((i, email) => {
    if (take.run().changes === 0) return false;
    const { id } = order.get(`C${i}`, email, new Date().toISOString());
    position.run(id, `S${i}`);
    took.run(id);
    entry.run(id, new Date().toISOString());
    mail.run(JSON.stringify({ orderId: id, kind: "confirmation" }), new Date().toISOString());
    return true;
  });
  return { checkout, close: () => db.close() };
}
