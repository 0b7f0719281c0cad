import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "./sqlite-statements.js";

describe("SQLite statement cache", () => {
  const database = new SQLite(":memory:");
  database.exec("create table t (n integer); insert into t values (1), (2), (3)");

  it("hands out the statement prepared before for the same SQL, with fresh parameters each time", () => {
    const cache = withStatementCache(database);
    const first = cache.prepare("select n from t where n >= ?");
    const second = cache.prepare("select n from t where n >= ?");
    expect(second).toBe(first);
    expect(first.all([2])).toEqual([{ n: 2 }, { n: 3 }]);
    expect(second.all([3])).toEqual([{ n: 3 }]);
  });

  it("a statement still being iterated is not handed to a second caller", () => {
    const cache = withStatementCache(database);
    const streaming = cache.prepare("select n from t");
    const rows = streaming.iterate([]);
    rows.next();
    const other = cache.prepare("select n from t");
    expect(other).not.toBe(streaming);
    expect(other.all([])).toHaveLength(3);
    expect([...rows]).toHaveLength(2);
    expect(cache.prepare("select n from t")).toBe(streaming);
  });

  it("forgets the least recently used statement beyond its size", () => {
    const cache = withStatementCache(database, 2);
    const a = cache.prepare("select 1");
    const b = cache.prepare("select 2");
    expect(cache.prepare("select 1")).toBe(a);
    cache.prepare("select 3");
    expect(cache.prepare("select 1")).toBe(a);
    expect(cache.prepare("select 2")).not.toBe(b);
  });
});
