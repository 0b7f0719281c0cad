// Progressive enhancement for the Lydia waiting page: asks every two seconds whether the payment went
// through and reloads the page when something changed. Without JS, the "check" button does the same.
const form = document.querySelector("[data-lydia-status]");
async function poll() {
  const response = await fetch(form.dataset.lydiaStatus, { headers: { accept: "application/json" } });
  if (response.ok) {
    const status = await response.json();
    if (status.order !== "pending" || status.payment !== "pending") return window.location.reload();
  }
  setTimeout(poll, 2000);
}
if (form) setTimeout(poll, 2000);
