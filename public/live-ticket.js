// The live ticket: swaps in the next rotating QR code just after the current one changes.
(() => {
  const box = document.getElementById("live-ticket");
  const img = document.getElementById("live-qr");
  if (!box || !img) return;
  const next = async () => {
    try {
      const res = await fetch(box.dataset.codeUrl, {
        headers: { accept: "application/json" },
        cache: "no-store",
      });
      if (!res.ok) return setTimeout(next, 5000);
      const { png, changes_at } = await res.json();
      img.src = png;
      setTimeout(next, Math.max(500, changes_at - Date.now() + 200));
    } catch {
      setTimeout(next, 5000);
    }
  };
  next();
})();
