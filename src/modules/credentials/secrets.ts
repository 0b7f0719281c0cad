import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject, sign, verify } from "node:crypto";
import type { TicketSigner } from "../../platform/context.js";
import { randomToken } from "../../platform/crypto.js";

/**
 * Ticket secrets a scanner can check without a connection: `<random>.<signature>`, where the signature
 * is Ed25519 over the event id and the random part, by the event's own key. The secret holds no
 * personal data; the QR code holds the secret and nothing else.
 *
 * Each event's key pair is derived from the platform's signing key (HKDF, per event id), so there is
 * nothing to store or to keep in step between nodes, and one event's key says nothing about another's.
 */
export type { TicketSigner };

// DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
// DER prefix of an SPKI Ed25519 public key; the 32 raw bytes follow it.
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");

const message = (eventId: number, random: string) => Buffer.from(`tessera-ticket:v1:${eventId}:${random}`);

export function ticketSigner(platformSigningKey: string): TicketSigner {
  const keys = new Map<number, { privateKey: KeyObject; publicRaw: string }>();
  const keyOf = (eventId: number) => {
    let key = keys.get(eventId);
    if (!key) {
      const seed = Buffer.from(
        hkdfSync("sha256", platformSigningKey, "tessera", `event-ticket-key:${eventId}`, 32),
      );
      const privateKey = createPrivateKey({
        key: Buffer.concat([PKCS8_ED25519, seed]),
        format: "der",
        type: "pkcs8",
      });
      const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
      key = { privateKey, publicRaw: Buffer.from(spki.subarray(SPKI_ED25519.length)).toString("base64url") };
      keys.set(eventId, key);
    }
    return key;
  };
  return {
    issue(eventId) {
      const random = randomToken(16);
      return `${random}.${sign(null, message(eventId, random), keyOf(eventId).privateKey).toString("base64url")}`;
    },
    publicKey: (eventId) => keyOf(eventId).publicRaw,
  };
}

/** The offline check, as a scanner runs it: one event's public key, then any number of secrets. */
export function offlineVerifier(publicKeyRaw: string, eventId: number): (secret: string) => boolean {
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, Buffer.from(publicKeyRaw, "base64url")]),
    format: "der",
    type: "spki",
  });
  return (secret) => {
    const [random, signature, extra] = secret.split(".");
    if (!random || !signature || extra !== undefined) return false;
    try {
      return verify(null, message(eventId, random), key, Buffer.from(signature, "base64url"));
    } catch {
      return false;
    }
  };
}
