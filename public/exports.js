// Progressive enhancement for the exports page: polls each unfinished export's status and updates its
// progress bar; when one is ready the page reloads to show the download link. Without JS, "Refresh".
const rows = [...document.querySelectorAll("[data-export]")];
async function poll() {
  let pending = false;
  for (const row of rows) {
    if (row.querySelector("[data-download] a.button")) continue;
    const response = await fetch(row.dataset.export, { headers: { accept: "application/json" } });
    if (!response.ok) continue;
    const status = await response.json();
    const bar = row.querySelector("progress");
    bar.max = Math.max(1, status.total);
    bar.value = status.status === "done" ? bar.max : status.done;
    if (status.status === "done") return window.location.reload();
    if (status.status === "queued" || status.status === "running") pending = true;
  }
  if (pending) setTimeout(poll, 1000);
}
if (rows.length) setTimeout(poll, 1000);
