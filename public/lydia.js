// Progressive enhancement for the Lydia waiting page: asks every few seconds whether the payment went
// through and reloads the page when something changed. Without JS, the "check" button does the same.
const form = document.querySelector("[data-lydia-status]");
const started = Date.now();
async function poll() {
  try {
    const response = await fetch(form.dataset.lydiaStatus, { headers: { accept: "application/json" } });
    if (response.ok) {
      const status = await response.json();
      if (status.order !== "pending" || status.payment !== "pending") return window.location.reload();
    }
  } catch {
    // Offline for a moment: the next round asks again.
  }
  // A request left alone for half an hour is not worth asking about every few seconds.
  setTimeout(poll, Date.now() - started < 30 * 60_000 ? 2500 : 30_000);
}
if (form) setTimeout(poll, 2500);
