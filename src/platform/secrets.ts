import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./db/index.js";
import { isoNow } from "./time.js";

export interface PlatformSecrets {
  /** Ed25519, PEM: signs ticket secrets and JWTs in links. */
  signingPrivateKey: string;
  signingPublicKey: string;
  /** HMAC key for CSRF tokens and signed cookies. */
  cookieSecret: string;
}

function generate(): PlatformSecrets {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519", {
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    signingPrivateKey: privateKey,
    signingPublicKey: publicKey,
    cookieSecret: randomBytes(32).toString("hex"),
  };
}

const SECRET_NAMES = ["signingPrivateKey", "signingPublicKey", "cookieSecret"] as const;

/**
 * SQLite deployments keep secrets in DATA_DIR/secrets.json (mode 0600). PostgreSQL deployments keep them
 * in the database so every node behind the load balancer shares them; the first node to start wins
 * the insert and the others read its values.
 */
export async function loadOrCreateSecrets(db: Db, dataDir: string): Promise<PlatformSecrets> {
  if (db.dialect === "sqlite") return loadFromFile(path.join(dataDir, "secrets.json"));
  const fresh = generate();
  await db.kysely
    .insertInto("platform_secrets")
    .values(SECRET_NAMES.map((name) => ({ name, value: fresh[name], created_at: isoNow() })))
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const rows = await db.kysely.selectFrom("platform_secrets").select(["name", "value"]).execute();
  const byName = new Map(rows.map((r) => [r.name, r.value]));
  const read = (name: (typeof SECRET_NAMES)[number]) => byName.get(name) ?? fresh[name];
  return {
    signingPrivateKey: read("signingPrivateKey"),
    signingPublicKey: read("signingPublicKey"),
    cookieSecret: read("cookieSecret"),
  };
}

function loadFromFile(file: string): PlatformSecrets {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as PlatformSecrets;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = generate();
  // Written whole under a private name, then linked into place: link() fails if the file exists, so
  // of several processes starting at once exactly one wins, and nobody ever reads a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(temp, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return fresh;
  } catch {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PlatformSecrets;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
