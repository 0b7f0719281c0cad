import { sql } from "kysely";
import type { TestApp } from "./app.js";
import { Browser } from "./app.js";

/** Every row of every table, as one string: what a database dump would hold. */
export async function dumpDatabase(t: TestApp): Promise<string> {
  const k = t.ctx.db.kysely;
  const tables =
    t.ctx.db.dialect === "postgres"
      ? (
          await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(k)
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(k)).rows;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(k);
    parts.push(`${name}: ${JSON.stringify(rows.rows)}`);
  }
  return parts.join("\n");
}

/** A person who registers through the page and then talks to the API with their session (and CSRF token). */
export async function registeredPerson(t: TestApp, name: string, email: string) {
  const browser = new Browser(t.app);
  const res = await browser.submit("/register", "/register", { name, email, password: `${email}-password` });
  if (res.statusCode !== 303) throw new Error(`register → ${res.statusCode}: ${res.body}`);
  const page = await browser.get("/account");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const headers = () => ({
    cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    "x-csrf-token": csrf,
  });
  return {
    browser,
    headers,
    inject: (options: {
      method?: "GET" | "POST" | "PUT" | "DELETE";
      url: string;
      payload?: unknown;
      headers?: Record<string, string>;
    }) =>
      t.app.inject({
        method: options.method ?? "GET",
        url: options.url,
        payload: options.payload as string,
        headers: { ...headers(), ...options.headers },
      }),
  };
}
