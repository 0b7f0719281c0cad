/**
 * How many more tickets a part of an event can still sell, from its quotas.
 *
 * A ticket takes a place in every quota that covers its ticket type and date, and a quota may cover
 * several ticket types, one date or all of them, so places are shared and a date or a ticket type
 * has no capacity of its own. What we report:
 * - a cell (one date, one ticket type) has what the tightest quota covering it has left, as the shop
 *   shows it; no quota covering it: no limit (null);
 * - a set of cells (a date, a ticket type across dates, the event) has the least free places of any
 *   choice of quotas that together cover all its cells (each further ticket takes a place in at least
 *   one of them). A series-wide quota thus counts once for the event, and a date's hall quota caps the
 *   date even where ticket types also have quotas of their own. It is an upper bound, exact for the
 *   setups organizers build (quotas per date, per ticket type, per series, and those combined).
 * Capacity is then what is sold plus what is left: the most that part could reach if nothing else sold.
 */
export interface QuotaPlaces {
  id: number;
  /** null: the quota counts across all dates. */
  dateId: number | null;
  ticketTypeIds: readonly number[];
  size: number;
  taken: number;
}

export interface Cell {
  dateId: number | null;
  ticketTypeId: number;
}

const covers = (q: QuotaPlaces, cell: Cell) =>
  q.ticketTypeIds.includes(cell.ticketTypeId) && (q.dateId === null || q.dateId === cell.dateId);

const left = (q: QuotaPlaces) => Math.max(0, q.size - q.taken);

/** What one cell can still sell: the tightest covering quota's free places; null without a limit. */
export function cellRemaining(quotas: readonly QuotaPlaces[], cell: Cell): number | null {
  let best: number | null = null;
  for (const q of quotas) if (covers(q, cell)) best = best === null ? left(q) : Math.min(best, left(q));
  return best;
}

/** Up to this many quotas every choice is tried (2^12 unions of bit masks); beyond, a greedy cover. */
const EXHAUSTIVE = 12;

/** What a set of cells can still sell together (see above); null when one of them has no limit. */
export function remainingOf(quotas: readonly QuotaPlaces[], cells: readonly Cell[]): number | null {
  let perCell = 0;
  for (const cell of cells) {
    const remaining = cellRemaining(quotas, cell);
    if (remaining === null) return null;
    perCell += remaining;
  }
  const involved = quotas.filter((q) => cells.some((c) => covers(q, c)));
  const masks = involved.map((q) =>
    cells.reduce((m, c, i) => (covers(q, c) ? m | (1n << BigInt(i)) : m), 0n),
  );
  const free = involved.map(left);
  const all = (1n << BigInt(cells.length)) - 1n;
  // Taking each cell's tightest quota is one cover, so the cheapest cover is never above perCell.
  const cover =
    involved.length <= EXHAUSTIVE ? cheapestCover(masks, free, all) : greedyCover(masks, free, all);
  return Math.min(perCell, cover);
}

function cheapestCover(masks: bigint[], free: number[], all: bigint): number {
  const union: bigint[] = [0n];
  const cost: number[] = [0];
  let best = Number.POSITIVE_INFINITY;
  for (let s = 1; s < 1 << masks.length; s++) {
    const low = s & -s;
    const i = 31 - Math.clz32(low);
    union[s] = (union[s ^ low] as bigint) | (masks[i] as bigint);
    cost[s] = (cost[s ^ low] as number) + (free[i] as number);
    if (union[s] === all && (cost[s] as number) < best) best = cost[s] as number;
  }
  return best;
}

function greedyCover(masks: bigint[], free: number[], all: bigint): number {
  let covered = 0n;
  let cost = 0;
  while (covered !== all) {
    let pick = -1;
    let pickRate = Number.POSITIVE_INFINITY;
    masks.forEach((m, i) => {
      const gain = popcount(m & ~covered);
      const rate = gain === 0 ? Number.POSITIVE_INFINITY : (free[i] as number) / gain;
      if (rate < pickRate) [pick, pickRate] = [i, rate];
    });
    if (pick < 0) return Number.POSITIVE_INFINITY;
    covered |= masks[pick] as bigint;
    cost += free[pick] as number;
  }
  return cost;
}

function popcount(n: bigint): number {
  let count = 0;
  for (let v = n; v > 0n; v &= v - 1n) count++;
  return count;
}
