/**
 * Seed 004's vocabulary. A ticket has a business status (what happened to it in Tessera) grouped in
 * families, and, once sent to a wallet provider, the provider's status.
 *
 * Families: the seed's four (printed, controlled, invalidated, cancelled) and a fifth, `reserved`, for
 * tickets of orders not paid yet: they exist but are not valid anywhere, and are never sent to a wallet.
 */
export const FAMILIES = ["reserved", "printed", "controlled", "invalidated", "cancelled"] as const;
export type Family = (typeof FAMILIES)[number];

/** Business statuses; each belongs to exactly one family. */
export const BUSINESS_FAMILY = {
  reserved: "reserved",
  issued: "printed",
  reprinted: "printed",
  controlled: "controlled",
  invalidated: "invalidated",
  cancelled: "cancelled",
} as const satisfies Record<string, Family>;
export type BusinessStatus = keyof typeof BUSINESS_FAMILY;

/** Which business moves exist; anything else is refused and logged. */
export const BUSINESS_TRANSITIONS: Record<BusinessStatus, readonly BusinessStatus[]> = {
  reserved: ["issued", "cancelled"],
  issued: ["reprinted", "controlled", "invalidated", "cancelled"],
  reprinted: ["reprinted", "controlled", "invalidated", "cancelled"],
  controlled: ["invalidated", "cancelled", "reprinted"],
  invalidated: ["issued", "cancelled"],
  cancelled: [],
};

export const ACTIVATIONS = [
  "BT_ACTIVATED",
  "MANUAL_ACTIVATED",
  "OFFLINE_ACTIVATED",
  "ONLINE_ACTIVATED",
] as const;

/** The provider's statuses (seed 004's list). */
export const WALLET_STATUSES = [
  "INJECTED",
  "DOWNLOADED",
  "ASSIGNED",
  "CONTROLLED",
  "PENDING_TRANSFER",
  "FAILURE_TRANSFER",
  "TRANSFERRED",
  ...ACTIVATIONS,
  "DELETION_PENDING",
  "DELETED",
  "ACTIVATED",
  "DEACTIVATED",
  "DEFAULT",
  "INVALID",
  "PENDING",
  "FAILURE",
] as const;
export type WalletStatus = (typeof WALLET_STATUSES)[number];

const ACTIVE: readonly WalletStatus[] = [...ACTIVATIONS, "ACTIVATED"];
const GONE: readonly WalletStatus[] = ["DELETION_PENDING"];

/**
 * The provider's life of a pass. `null` is "not applicable" (never sent). A pass is injected (or fails
 * to be), downloaded and assigned to a holder, may be transferred, is activated by some method before
 * the door, controlled there, and deleted (pending, then done) when Tessera invalidates or cancels it.
 */
export const WALLET_TRANSITIONS: Record<WalletStatus | "NA", readonly WalletStatus[]> = {
  NA: ["PENDING", "INJECTED", "FAILURE", "DEFAULT"],
  DEFAULT: ["PENDING", "INJECTED", "FAILURE", "INVALID"],
  PENDING: ["INJECTED", "FAILURE", "INVALID"],
  FAILURE: ["PENDING", "INJECTED"],
  INVALID: ["INJECTED", ...GONE],
  INJECTED: ["DOWNLOADED", "ASSIGNED", ...ACTIVE, "INVALID", ...GONE],
  DOWNLOADED: ["ASSIGNED", "PENDING_TRANSFER", ...ACTIVE, "DEACTIVATED", ...GONE],
  ASSIGNED: ["PENDING_TRANSFER", ...ACTIVE, "DEACTIVATED", ...GONE],
  PENDING_TRANSFER: ["TRANSFERRED", "FAILURE_TRANSFER", ...GONE],
  FAILURE_TRANSFER: ["PENDING_TRANSFER", "ASSIGNED", ...ACTIVE, ...GONE],
  TRANSFERRED: ["PENDING_TRANSFER", ...ACTIVE, "DEACTIVATED", ...GONE],
  BT_ACTIVATED: ["CONTROLLED", "DEACTIVATED", ...GONE],
  MANUAL_ACTIVATED: ["CONTROLLED", "DEACTIVATED", ...GONE],
  OFFLINE_ACTIVATED: ["CONTROLLED", "DEACTIVATED", ...GONE],
  ONLINE_ACTIVATED: ["CONTROLLED", "DEACTIVATED", ...GONE],
  ACTIVATED: ["CONTROLLED", "DEACTIVATED", ...GONE],
  DEACTIVATED: [...ACTIVE, "PENDING_TRANSFER", ...GONE],
  CONTROLLED: [...GONE],
  DELETION_PENDING: ["DELETED"],
  DELETED: [],
};

export function walletMoveAllowed(from: WalletStatus | null, to: WalletStatus): boolean {
  return WALLET_TRANSITIONS[from ?? "NA"].includes(to);
}

export const isWalletStatus = (value: unknown): value is WalletStatus =>
  typeof value === "string" && (WALLET_STATUSES as readonly string[]).includes(value);

/** History mode (deprecated): the legacy status, and the action/state pair, for a provider status. */
export const LEGACY_STATUSES = [
  "INJECTED",
  "RECEIVED",
  "ACTIVATED",
  "TRANSFER_PENDING",
  "TRANSFERRED",
  "CONTROLLED",
  "DELETION_PENDING",
  "DELETED",
] as const;
export const LEGACY_ACTIONS = ["INJECT", "TRANSFER", "DELETE", "BURN"] as const;
export const LEGACY_STATES = [
  "PENDING",
  "CONFIRMED",
  "KO",
  "DELETION_PENDING",
  "DELETED",
  "REGISTRATION_PENDING",
  "CANCELLED",
  "FAILED",
] as const;
export type LegacyStatus = (typeof LEGACY_STATUSES)[number];

/** The provider status a legacy status stands for, when the provider speaks history mode. */
export const FROM_LEGACY: Record<LegacyStatus, WalletStatus> = {
  INJECTED: "INJECTED",
  RECEIVED: "DOWNLOADED",
  ACTIVATED: "ACTIVATED",
  TRANSFER_PENDING: "PENDING_TRANSFER",
  TRANSFERRED: "TRANSFERRED",
  CONTROLLED: "CONTROLLED",
  DELETION_PENDING: "DELETION_PENDING",
  DELETED: "DELETED",
};

/** The family a ticket is shown in: its business family, and a wallet pass being deleted says why. */
export function familyOf(business: BusinessStatus): Family {
  return BUSINESS_FAMILY[business];
}

/** A business move the lifecycle accepts: from nothing only into reserved or issued. */
export function businessMoveAllowed(from: BusinessStatus | null, to: BusinessStatus): boolean {
  return from === null ? to === "reserved" || to === "issued" : BUSINESS_TRANSITIONS[from].includes(to);
}
