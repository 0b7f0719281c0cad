// Progressive enhancement for required-information file fields: sends the chosen file as the raw body
// of a PUT to the API (same session, CSRF token in a header), then reloads the page.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-upload]");
  if (!button) return;
  const box = button.closest("[data-upload-url]");
  const input = box.querySelector("input[type=file]");
  const file = input.files?.[0];
  if (!file) return input.focus();
  button.disabled = true;
  const response = await fetch(box.dataset.uploadUrl, {
    method: "PUT",
    headers: {
      "content-type": file.type || "application/octet-stream",
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "x-csrf-token": box.dataset.csrf,
    },
    body: file,
  });
  if (response.ok) return window.location.reload();
  button.disabled = false;
  const body = await response.json().catch(() => ({}));
  let note = box.querySelector(".upload-error");
  if (!note) {
    note = document.createElement("div");
    note.className = "alert error upload-error";
    note.setAttribute("role", "alert");
    box.append(note);
  }
  note.textContent = body.error?.message || response.statusText;
});
