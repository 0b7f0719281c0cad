// The queue page updates itself: it polls the place's position (the cookie names the place) and
// shows the way to the shop once admitted; the server set the pass cookie on that very answer.
(() => {
  const root = document.getElementById("wr");
  if (root?.dataset.state !== "waiting") return;
  const $ = (id) => document.getElementById(id);
  const first = Number($("wr-position").textContent) || 1;
  const tick = async () => {
    try {
      const res = await fetch(root.dataset.poll, { credentials: "same-origin", cache: "no-store" });
      if (!res.ok) return;
      const s = await res.json();
      if (s.state === "waiting") {
        $("wr-position").textContent = String(s.position);
        $("wr-eta").textContent = String(Math.ceil(s.eta_seconds / 60));
        $("wr-progress").max = first;
        $("wr-progress").value = Math.max(0, first - s.position);
        if (Date.parse(s.opens_at) <= Date.now()) $("wr-opens")?.remove();
        return;
      }
      root.dataset.state = s.state;
      $("wr-waiting").hidden = true;
      if (s.state === "admitted" && s.pass) {
        const time = new Date(s.pass_expires_at).toLocaleTimeString(document.documentElement.lang);
        $("wr-admitted-text").textContent = root.dataset.admitted.replace("{time}", time);
        $("wr-admitted").hidden = false;
        return "done";
      }
      location.reload();
      return "done";
    } catch {
      // A dropped poll is retried on the next tick.
    }
  };
  const loop = async () => {
    if ((await tick()) !== "done") setTimeout(loop, 2000);
  };
  setTimeout(loop, 2000);
})();

// The organizer's live figures: the same figures the page was rendered with, fetched again.
(() => {
  const live = document.getElementById("wr-live");
  if (!live) return;
  const tick = async () => {
    try {
      const res = await fetch(live.dataset.poll, { credentials: "same-origin", cache: "no-store" });
      if (res.ok) {
        const figures = await res.json();
        for (const dd of live.querySelectorAll("[data-figure]"))
          dd.textContent = String(figures[dd.dataset.figure]);
      }
    } catch {
      // Retried on the next tick.
    }
    setTimeout(tick, 3000);
  };
  setTimeout(tick, 3000);
})();
