// The door scanner. Online, every scan is a redeem call (with a nonce, so a retry after a lost answer
// changes nothing). Offline, it decides from the list's download (tickets by secret hash, revocations,
// the event's public key), queues the scan with the same nonce, and uploads when the network is back;
// a ticket this device admitted but the server had already admitted elsewhere is shown as a conflict.
// The decision itself is the server's: src/modules/checkin/decision.ts, compiled, imported below.
(() => {
  const root = document.getElementById("scanner");
  if (!root) return;
  const texts = JSON.parse(root.dataset.texts || "{}");
  const csrf = root.dataset.csrf || "";
  const $ = (id) => document.getElementById(id);
  const say = (key, params) =>
    (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(params?.[name] ?? ""));

  const CONFIG_KEY = "tessera.scanner";
  readPairingLink();
  const config = JSON.parse(localStorage.getItem(CONFIG_KEY) || "null");
  if (!config?.list) {
    $("scanner-unpaired").hidden = false;
    return;
  }
  $("scanner-ui").hidden = false;
  const [organizer, event, listId] = config.list.split("/");
  const api = `/api/v1/organizers/${organizer}/events/${event}/checkin-lists/${listId}`;
  const store = {
    get: (name, fallback) =>
      JSON.parse(localStorage.getItem(`${CONFIG_KEY}.${name}:${config.list}`) || "null") ?? fallback,
    set: (name, value) => localStorage.setItem(`${CONFIG_KEY}.${name}:${config.list}`, JSON.stringify(value)),
  };

  // The door's rules, the module the server's redeem runs (loaded while the page opens online).
  const doorRules = import("/assets/door/checkin/decision.js").catch(() => null);
  let online = navigator.onLine;
  let snapshot = store.get("snapshot", null);
  let byHash = indexTickets(snapshot);
  const queue = store.get("queue", []);
  const conflicts = store.get("conflicts", []);
  const counts = store.get("counts", { ok: 0, refused: 0 });
  let serverAdmitted = null;

  /** #list=<organizer>/<event>/<list>[&device=<token>]: kept on the device, then removed from the address bar. */
  function readPairingLink() {
    if (!location.hash) return;
    const params = new URLSearchParams(location.hash.slice(1));
    const list = params.get("list");
    if (list && /^[\w-]+\/[\w-]+\/\d+$/.test(list)) {
      localStorage.setItem(CONFIG_KEY, JSON.stringify({ list, token: params.get("device") || null }));
    }
    history.replaceState(null, "", location.pathname);
  }

  /** The list's tickets and the event's others (other dates or types, void), by hash and by id. */
  function indexTickets(snap) {
    const map = new Map();
    for (const ticket of snap?.others ?? []) map.set(ticket.hash, { ...ticket, other: true });
    for (const ticket of snap?.tickets ?? []) map.set(ticket.hash, ticket);
    map.byId = new Map([...map.values()].map((t) => [t.id, t]));
    return map;
  }

  async function call(method, path, body) {
    const headers = { accept: "application/json" };
    if (config.token) headers.authorization = `Bearer ${config.token}`;
    else headers["x-csrf-token"] = csrf;
    if (body) headers["content-type"] = "application/json";
    let res;
    try {
      res = await fetch(api + path, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        credentials: "same-origin",
        signal: AbortSignal.timeout(6000),
      });
    } catch {
      setOnline(false);
      throw new Error("offline");
    }
    setOnline(true);
    const json = await res.json().catch(() => null);
    return { status: res.status, json };
  }

  function setOnline(value) {
    online = value;
    const pill = $("scanner-online");
    pill.textContent = say(value ? "scanner.online" : "scanner.offline");
    pill.className = value ? "pill ok" : "pill warn";
  }

  function render() {
    $("scanner-queue").textContent = queue.length ? say("scanner.queue", { count: queue.length }) : "";
    $("count-ok").textContent = String(counts.ok);
    $("count-refused").textContent = String(counts.refused);
    if (serverAdmitted && online) {
      $("count-admitted").textContent = `${serverAdmitted.admitted} / ${serverAdmitted.tickets}`;
    } else if (snapshot) {
      const admitted = snapshot.tickets.filter((t) => t.admitted).length + snapshot.claimedOffline.length;
      const valid = snapshot.tickets.filter((t) => t.status === "paid").length;
      $("count-admitted").textContent = `${admitted} / ${valid}`;
    }
    $("scanner-offline-state").textContent = snapshot
      ? say("scanner.downloaded", {
          count: snapshot.tickets.length,
          time: new Date(snapshot.generated_at).toLocaleTimeString(),
        })
      : say("scanner.notDownloaded");
    const section = $("scanner-conflicts");
    section.hidden = conflicts.length === 0;
    const ul = section.querySelector("ul");
    ul.replaceChildren(
      ...conflicts.map((c) => {
        const li = document.createElement("li");
        li.textContent = say("scanner.conflict", {
          name: c.name || c.code || "?",
          reason: say(`checkin.reason.${c.reason}`),
        });
        return li;
      }),
    );
  }

  function show(answer, decidedOffline) {
    const box = $("scanner-result");
    const ok = answer.status === "ok";
    box.className = `scan-result ${ok ? "ok" : "error"}`;
    $("scanner-verdict").textContent =
      `${say(ok ? "checkin.ok" : "checkin.refused")} · ${say(answer.type === "exit" ? "checkin.exit" : "checkin.entry")}`;
    const reason = [answer.reason && say(`checkin.reason.${answer.reason}`), answer.note && say(answer.note)]
      .filter(Boolean)
      .join(" · ");
    $("scanner-reason").textContent = decidedOffline
      ? `${reason}${reason ? " · " : ""}${say("scanner.offlineMark")}`
      : reason;
    const t = answer.ticket;
    $("scanner-name").textContent = t
      ? [t.attendee_name, t.ticket_type, t.code].filter(Boolean).join(" · ")
      : "";
    if (ok) counts.ok++;
    else counts.refused++;
    store.set("counts", counts);
    render();
  }

  const nonce = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
          "",
        );

  const scanType = () => document.querySelector('input[name="scan-type"]:checked')?.value || "entry";

  async function scan(secret) {
    secret = secret.trim();
    if (!secret) return;
    const item = { secret, nonce: nonce(), type: scanType() };
    if (online) {
      try {
        const { status, json } = await call("POST", "/redeem", item);
        if (status === 200 && json) {
          noteAdmission(secret, json);
          show(json, false);
          refreshCounts();
          return;
        }
        // 429: this device typed too many wrong ticket codes (scanning still works).
        const reason = status === 429 ? "too_many_attempts" : "unknown";
        show({ status: "error", reason, type: item.type }, false);
        return;
      } catch {
        // fall through to the offline decision
      }
    }
    // The download holds no ticket codes (8 characters hashed would be easy to walk back), so a typed
    // code waits for the network instead of being refused as unknown.
    if (/^[A-Za-z0-9]{8}$/.test(secret.replace(/[\s-]/g, ""))) {
      show({ status: "error", type: item.type, note: "scanner.typedCodeOffline" }, false);
      return;
    }
    const answer = await decideLocally(secret, item.type);
    // A live code is not uploaded: the server would check its MAC later than shown, and could admit
    // the person turned away here.
    if (!answer.liveCode) queue.push({ ...item, local: answer });
    store.set("queue", queue);
    store.set("snapshot", snapshot);
    show(answer, true);
  }

  /** An online answer keeps the download current, so that going offline a moment later stays right. */
  async function noteAdmission(secret, answer) {
    if (!snapshot || answer.status !== "ok") return;
    // A typed ticket code is no secret of the download: the answer names the ticket instead.
    const ticket = byHash.get(await sha256(secret)) ?? byHash.byId.get(answer.ticket?.id);
    if (!ticket) return;
    ticket.admitted = answer.type === "entry" ? snapshot.list.slot !== null : false;
    store.set("snapshot", snapshot);
  }

  async function sha256(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const fromBase64Url = (s) =>
    Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

  async function signatureValid(secret) {
    const [random, signature, extra] = secret.split(".");
    if (!random || !signature || extra !== undefined || !snapshot) return false;
    try {
      const key = await crypto.subtle.importKey(
        "raw",
        fromBase64Url(snapshot.public_key),
        { name: "Ed25519" },
        false,
        ["verify"],
      );
      const message = new TextEncoder().encode(`tessera-ticket:v1:${snapshot.event_id}:${random}`);
      return await crypto.subtle.verify({ name: "Ed25519" }, key, fromBase64Url(signature), message);
    } catch {
      return false;
    }
  }

  /** The server's rules (decision.js) on what was downloaded plus what this device did since. */
  async function decideLocally(secret, type) {
    const door = await doorRules;
    const refuse = (reason, ticket, note) => ({ status: "error", reason, type, ticket, note });
    if (!snapshot || !door) return refuse("unknown");
    const list = snapshot.list;
    // A rotating code names its ticket; offline its MAC cannot be checked (that needs a per-ticket key,
    // which the download does not hold), only its time window.
    const rotating = door.isRotatingCode(secret) ? door.parseRotatingCode(secret) : null;
    const state = rotating ? door.rotatingStepState(rotating.step, Date.now()) : null;
    const hash = rotating ? null : await sha256(secret);
    const found = rotating ? state !== "future" && byHash.byId.get(rotating.ticketId) : byHash.get(hash);
    const shown = found && !found.other ? found : undefined;
    const claimKey = found ? `t${found.id}` : `h${hash}`;
    const decision = door.doorDecision(
      {
        type,
        revoked: hash !== null && snapshot.revoked.includes(hash),
        ticket: found
          ? {
              status: found.status,
              date: found.date,
              ticket_type_id: found.ticket_type_id,
              anonymized: Boolean(found.anonymized),
              asks_information: Boolean(found.incomplete),
              incomplete: Boolean(found.incomplete),
            }
          : null,
        signed: !found && !rotating && (await signatureValid(secret)),
        code: !rotating ? "static" : state === "expired" ? "expired" : "unverifiable",
        admitted: snapshot.claimedOffline.includes(claimKey) || Boolean(found?.admitted),
      },
      list,
    );
    if (decision.status !== "ok") {
      if (rotating && state === "current")
        return { ...refuse(decision.reason, shown, "scanner.liveCodeOffline"), liveCode: true };
      return refuse(decision.reason, shown);
    }
    if (decision.claim === "take") snapshot.claimedOffline.push(claimKey);
    if (decision.claim === "release") {
      snapshot.claimedOffline = snapshot.claimedOffline.filter((k) => k !== claimKey);
      if (found) found.admitted = false;
    }
    return {
      status: "ok",
      type,
      ticket: shown,
      note: decision.unverified ? "scanner.unverifiedNew" : undefined,
    };
  }

  let flushing = false;
  async function flush() {
    if (flushing || queue.length === 0) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const item = queue[0];
        let result;
        try {
          result = await call("POST", "/redeem", { secret: item.secret, nonce: item.nonce, type: item.type });
        } catch {
          return;
        }
        const server = result.json;
        if (item.local.status === "ok" && (result.status !== 200 || server?.status !== "ok")) {
          const ticket = server?.ticket ?? item.local.ticket;
          conflicts.push({
            name: ticket?.attendee_name,
            code: ticket?.code,
            reason: server?.reason ?? "unknown",
          });
          store.set("conflicts", conflicts);
        }
        queue.shift();
        store.set("queue", queue);
        render();
      }
      await download();
      await refreshCounts();
    } finally {
      flushing = false;
      render();
    }
  }

  async function download() {
    try {
      const { status, json } = await call("GET", "/offline");
      if (status !== 200 || !json) return;
      // Scans still waiting for upload stay claimed on this device until the server has them.
      const pending = queue
        .filter((q) => q.local.status === "ok" && q.type === "entry")
        .map((q) => q.local.ticket);
      snapshot = { ...json, claimedOffline: pending.filter(Boolean).map((t) => `t${t.id}`) };
      byHash = indexTickets(snapshot);
      store.set("snapshot", snapshot);
      $("scanner-list").textContent = `${say("scanner.title")}: ${snapshot.list.name}`;
      render();
    } catch {
      // offline: keep what we have
    }
  }

  async function refreshCounts() {
    try {
      const { status, json } = await call("GET", "/counts");
      if (status === 200) serverAdmitted = json;
      render();
    } catch {
      render();
    }
  }

  // Camera: frames go through jsQR; the same code is not re-read for 3 seconds.
  let stream = null;
  let lastCode = "";
  let lastAt = 0;
  async function toggleCamera() {
    const button = $("scanner-camera");
    const video = $("scanner-video");
    if (stream) {
      for (const track of stream.getTracks()) track.stop();
      stream = null;
      video.hidden = true;
      button.textContent = say("scanner.camera");
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch {
      $("scanner-reason").textContent = say("scanner.cameraFailed");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    button.textContent = say("scanner.stopCamera");
    const canvas = $("scanner-canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const tick = () => {
      if (!stream) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const frame = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = window.jsQR?.(frame.data, frame.width, frame.height, {
          inversionAttempts: "dontInvert",
        });
        const now = Date.now();
        if (code?.data && (code.data !== lastCode || now - lastAt > 3000)) {
          lastCode = code.data;
          lastAt = now;
          scan(code.data);
        }
      }
      setTimeout(tick, 150);
    };
    tick();
  }

  $("scanner-manual").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("scanner-code");
    scan(input.value);
    input.value = "";
    input.focus();
  });
  $("scanner-camera").addEventListener("click", toggleCamera);
  $("scanner-download").addEventListener("click", download);
  $("scanner-upload").addEventListener("click", flush);
  $("scanner-forget").addEventListener("click", () => {
    localStorage.removeItem(CONFIG_KEY);
    location.reload();
  });
  window.addEventListener("online", () => {
    setOnline(true);
    flush();
  });
  window.addEventListener("offline", () => setOnline(false));
  setInterval(() => {
    if (queue.length > 0) flush();
    else if (online) refreshCounts();
  }, 5000);

  if (snapshot) snapshot.claimedOffline ??= [];
  setOnline(online);
  render();
  if (queue.length > 0) flush();
  else download().then(refreshCounts);
})();
