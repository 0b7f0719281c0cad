import { startFakeServer } from "./http.js";

interface Pass {
  status: string;
  holder: string | null;
  barcode: string;
  /** The activation method shown after a control, until the provider confirms it (seed 004). */
  controlledBy?: string;
}

interface Change {
  seq: number;
  ticket_id: string;
  status: string;
  holder: string | null;
}

// What the provider says in history mode (deprecated): legacy status and the action/state pair.
const LEGACY: Record<string, { legacy_status: string; action?: string; state?: string }> = {
  INJECTED: { legacy_status: "INJECTED", action: "INJECT", state: "PENDING" },
  DOWNLOADED: { legacy_status: "RECEIVED", action: "INJECT", state: "CONFIRMED" },
  ASSIGNED: { legacy_status: "RECEIVED", action: "INJECT", state: "CONFIRMED" },
  PENDING_TRANSFER: { legacy_status: "TRANSFER_PENDING", action: "INJECT", state: "CONFIRMED" },
  TRANSFERRED: { legacy_status: "TRANSFERRED", action: "TRANSFER", state: "CONFIRMED" },
  ACTIVATED: { legacy_status: "ACTIVATED" },
  ONLINE_ACTIVATED: { legacy_status: "ACTIVATED" },
  OFFLINE_ACTIVATED: { legacy_status: "ACTIVATED" },
  BT_ACTIVATED: { legacy_status: "ACTIVATED" },
  MANUAL_ACTIVATED: { legacy_status: "ACTIVATED" },
  CONTROLLED: { legacy_status: "CONTROLLED" },
  DELETION_PENDING: { legacy_status: "DELETION_PENDING", action: "DELETE", state: "DELETION_PENDING" },
  DELETED: { legacy_status: "DELETED", action: "DELETE", state: "DELETED" },
};

/**
 * A wallet provider on 127.0.0.1 speaking the protocol of src/modules/wallet/provider.ts: bearer key
 * checked, idempotent inject and status pushes, and a change feed with cursors in either mode. The
 * test drives the holder's side (download, assign, transfer, activation) and the provider's feedback
 * (controls confirmed, deletions done), and can make the next requests fail.
 */
export async function startFakeWalletProvider(apiKey: string) {
  const passes = new Map<string, Pass>();
  const feed: Change[] = [];
  const requests: string[] = [];
  let failures = 0;
  const set = (id: string, status: string, holder?: string | null) => {
    const pass = passes.get(id);
    if (!pass) throw new Error(`no pass ${id}`);
    pass.status = status;
    if (holder !== undefined) pass.holder = holder;
    feed.push({ seq: feed.length + 1, ticket_id: id, status, holder: pass.holder });
  };
  const server = await startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    requests.push(`${req.method} ${url.pathname}`);
    const json = (status: number, value: unknown) =>
      void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(401, { error: "unauthorized" });
    if (failures > 0) {
      failures--;
      return json(503, { error: "try later" });
    }
    if (req.method === "POST" && url.pathname === "/api/tickets/inject") {
      const { tickets } = JSON.parse(body) as { tickets: { ticket_id: string; barcode: string }[] };
      return json(200, {
        results: tickets.map((t) => {
          const pass = passes.get(t.ticket_id);
          if (!pass || pass.status === "DELETED") {
            passes.set(t.ticket_id, { status: "INJECTED", holder: null, barcode: t.barcode });
          } else pass.barcode = t.barcode;
          return { ticket_id: t.ticket_id, status: passes.get(t.ticket_id)?.status };
        }),
      });
    }
    if (req.method === "POST" && url.pathname === "/api/tickets/status") {
      const { updates } = JSON.parse(body) as { updates: { ticket_id: string; status: string }[] };
      return json(200, {
        results: updates.map((u) => {
          const pass = passes.get(u.ticket_id);
          if (!pass) return { ticket_id: u.ticket_id, status: "INVALID" };
          if (u.status === "CONTROLLED" && pass.status !== "CONTROLLED") {
            // Shown as the activation method until the provider confirms the control.
            pass.controlledBy = pass.status.endsWith("ACTIVATED") ? pass.status : "ONLINE_ACTIVATED";
            pass.status = pass.controlledBy;
          }
          if ((u.status === "INVALIDATED" || u.status === "CANCELLED") && pass.status !== "DELETED")
            pass.status = "DELETION_PENDING";
          return { ticket_id: u.ticket_id, status: pass.status };
        }),
      });
    }
    if (req.method === "GET" && url.pathname === "/api/tickets/changes") {
      const cursor = Number(url.searchParams.get("cursor") ?? "0") || 0;
      const limit = Number(url.searchParams.get("limit") ?? "1000");
      const history = url.searchParams.get("mode") === "history";
      const page = feed.filter((c) => c.seq > cursor).slice(0, limit);
      return json(200, {
        changes: page.map((c) =>
          history
            ? {
                ticket_id: c.ticket_id,
                holder: c.holder,
                ...(LEGACY[c.status] ?? { legacy_status: c.status }),
              }
            : { ticket_id: c.ticket_id, status: c.status, holder: c.holder },
        ),
        next_cursor: String(page.at(-1)?.seq ?? cursor),
      });
    }
    return json(404, { error: "not found" });
  });
  return {
    apiUrl: `${server.url}/api/`,
    passes,
    feed,
    requests,
    failNext(count: number) {
      failures = count;
    },
    download: (id: string) => set(id, "DOWNLOADED"),
    assign: (id: string, holder: string) => set(id, "ASSIGNED", holder),
    startTransfer: (id: string) => set(id, "PENDING_TRANSFER"),
    acceptTransfer: (id: string, holder: string) => set(id, "TRANSFERRED", holder),
    rejectTransfer: (id: string) => set(id, "FAILURE_TRANSFER"),
    activate: (id: string, method = "BT_ACTIVATED") => set(id, method),
    report: (id: string, status: string) => set(id, status),
    /** The provider's feedback: controls confirmed, deletions done. */
    feedback() {
      for (const [id, pass] of passes) {
        if (pass.controlledBy && pass.status === pass.controlledBy) set(id, "CONTROLLED");
        if (pass.status === "DELETION_PENDING") set(id, "DELETED");
      }
    },
    close: server.close,
  };
}
