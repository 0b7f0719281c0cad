import type { Db } from "../../platform/db/index.js";
import type { Checker } from "../../platform/validation.js";

export const MAX_SLUG = 50;

// Letters NFKD does not take apart into a base letter and an accent.
const SPELLED: Record<string, string> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  þ: "th",
};

/** A name as it reads in a link: "Frühlingsfest Köln" → "fruehlingsfest-koeln", "Été à Nîmes" → "ete-a-nimes". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüßæœøłđþ]/g, (ch) => SPELLED[ch] ?? ch)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
}

/** The base itself when free, else base-2, base-3 …, shortened so that the number fits in 50. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

type SlugInput = { slug?: unknown; name?: unknown };

/**
 * The slug a new organizer or event gets: the one typed (checked), or, left empty, one made from the
 * name that no sibling uses yet. Two creations racing for the same name: the second meets the unique
 * index and gets slug_taken, as with a typed slug.
 */
async function slugFor(
  check: Checker,
  input: SlugInput,
  fallback: string,
  siblings: (prefix: string) => Promise<string[]>,
): Promise<string> {
  const typed =
    typeof input.slug === "string"
      ? input.slug.trim() !== ""
      : input.slug !== undefined && input.slug !== null;
  if (typed) return check.slug("slug", input.slug);
  const base = slugify(typeof input.name === "string" ? input.name : "") || fallback;
  // Every slug a number could collide with starts with the first 40 characters of the base.
  return freeSlug(base, new Set(await siblings(base.slice(0, MAX_SLUG - 10))));
}

export function newOrganizerSlug(db: Db, check: Checker, input: SlugInput): Promise<string> {
  return slugFor(check, input, "organizer", async (prefix) =>
    (
      await db.kysely.selectFrom("organizers").select("slug").where("slug", "like", `${prefix}%`).execute()
    ).map((r) => r.slug),
  );
}

/** Event slugs are unique per organizer. */
export function newEventSlug(db: Db, check: Checker, organizerId: number, input: SlugInput): Promise<string> {
  return slugFor(check, input, "event", async (prefix) =>
    (
      await db.kysely
        .selectFrom("events")
        .select("slug")
        .where("organizer_id", "=", organizerId)
        .where("slug", "like", `${prefix}%`)
        .execute()
    ).map((r) => r.slug),
  );
}
