import { sign, verify } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { loadOrCreateSecrets } from "./secrets.js";

describe.each(dialects)("platform secrets on %s", (dialect) => {
  let database: TestDatabase;
  afterEach(async () => database?.drop());

  it("are generated once and then kept: every load (and every node) sees the same keys", async () => {
    database = await createTestDatabase(dialect);
    const loads = await Promise.all([1, 2, 3].map(() => loadOrCreateSecrets(database.db, database.dataDir)));
    expect(new Set(loads.map((s) => s.cookieSecret)).size).toBe(1);
    const again = await loadOrCreateSecrets(database.db, database.dataDir);
    expect(again).toEqual(loads[0]);
    const signature = sign(null, Buffer.from("ticket"), again.signingPrivateKey);
    expect(verify(null, Buffer.from("ticket"), again.signingPublicKey, signature)).toBe(true);
  });
});
