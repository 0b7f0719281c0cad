// Progressive enhancement for "name + short name" forms: the short name (slug) fills in from the name
// as it is typed, until the person edits it. A slug left as filled in is sent empty, so that the server
// makes it (src/modules/organizers/slugs.ts: the same spelling, and -2, -3 … where it is taken).
const SPELLED = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th" };

function slugify(name) {
  return name
    .toLowerCase()
    .replace(/[äöüßæœøłđþ]/g, (ch) => SPELLED[ch] ?? ch)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 50)
    .replace(/-+$/, "");
}

for (const slug of document.querySelectorAll("input[data-slug-from]")) {
  const name = document.querySelector(`input[data-slug-source="${slug.dataset.slugFrom}"]`);
  if (!name) continue;
  // Typed by the person (or left by a failed post): theirs, not ours to overwrite.
  let own = slug.value !== "";
  const fill = () => {
    if (!own) slug.value = slugify(name.value);
  };
  name.addEventListener("input", fill);
  slug.addEventListener("input", () => {
    own = slug.value !== "";
    if (!own) fill();
  });
  slug.form?.addEventListener("submit", () => {
    if (!own) slug.value = "";
  });
  fill();
}
