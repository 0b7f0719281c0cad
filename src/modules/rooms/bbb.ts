import { createHash } from "node:crypto";
import { outboundFetch } from "../../platform/outbound.js";

/**
 * A small BigBlueButton API client (docs.bigbluebutton.org/development/api): every call is a GET on
 * `<api base><call>?<query>&checksum=<sha256(call + query + shared secret)>`, answered in XML with a
 * `returncode` of SUCCESS or FAILED. `join` is not called from here: it is the URL the participant's
 * browser is sent to.
 */
export interface BbbServer {
  /** The API base, ending in `/api/` (e.g. https://bbb.example.org/bigbluebutton/api/). */
  url: string;
  secret: string;
}

export interface BbbAttendee {
  userID: string;
  fullName: string;
  role: string;
}

export class BbbError extends Error {
  constructor(
    readonly messageKey: string,
    message: string,
  ) {
    super(message);
    this.name = "BbbError";
  }
}

/**
 * Every BigBlueButton call is made while a person waits on a click (entering, moderating), and BBB
 * answers its API within milliseconds when it is well: past this the room counts as unreachable and
 * the attendee is told to try again (src/faults/partners.fault.test.ts measures it).
 */
export const BBB_TIMEOUT_MS = 5000;

export function checksum(call: string, query: string, secret: string): string {
  return createHash("sha256")
    .update(call + query + secret)
    .digest("hex");
}

export function callUrl(server: BbbServer, call: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  const base = server.url.endsWith("/") ? server.url : `${server.url}/`;
  return `${base}${call}?${query}${query ? "&" : ""}checksum=${checksum(call, query, server.secret)}`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text: string) =>
  text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? "");

/** The text of the first `<name>` element; BBB's answers are flat enough for this. */
export function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decode(match[1]).trim();
}

async function call(server: BbbServer, name: string, params: Record<string, string>): Promise<string> {
  let xml: string;
  try {
    const res = await outboundFetch(callUrl(server, name, params), { timeoutMs: BBB_TIMEOUT_MS });
    xml = await res.text();
  } catch (error) {
    throw new BbbError("unreachable", `The BigBlueButton server did not answer: ${String(error)}`);
  }
  const code = xmlText(xml, "returncode");
  if (code === "SUCCESS") return xml;
  // The key is a short camelCase token in BBB's answers; anything else is not passed on.
  const key = xmlText(xml, "messageKey") ?? "";
  throw new BbbError(
    /^[A-Za-z]{1,40}$/.test(key) ? key : "invalidResponse",
    xmlText(xml, "message") ?? "Unexpected answer from BigBlueButton",
  );
}

export const bbb = {
  /** Creates the meeting, or finds it already there (BBB answers SUCCESS with a duplicate warning). */
  async create(server: BbbServer, meetingID: string, name: string): Promise<void> {
    await call(server, "create", { name, meetingID, record: "false" });
  },

  async isMeetingRunning(server: BbbServer, meetingID: string): Promise<boolean> {
    return xmlText(await call(server, "isMeetingRunning", { meetingID }), "running") === "true";
  },

  /** The people in the meeting now; none when it does not exist. */
  async attendees(server: BbbServer, meetingID: string): Promise<BbbAttendee[]> {
    let xml: string;
    try {
      xml = await call(server, "getMeetingInfo", { meetingID });
    } catch (error) {
      if (error instanceof BbbError && error.messageKey === "notFound") return [];
      throw error;
    }
    return [...xml.matchAll(/<attendee>([\s\S]*?)<\/attendee>/g)].map(([, block = ""]) => ({
      userID: xmlText(block, "userID") ?? "",
      fullName: xmlText(block, "fullName") ?? "",
      role: xmlText(block, "role") ?? "",
    }));
  },

  joinUrl(
    server: BbbServer,
    join: {
      meetingID: string;
      fullName: string;
      userID: string;
      role: "MODERATOR" | "VIEWER";
      userdata?: Record<string, string>;
    },
  ): string {
    const userdata = Object.fromEntries(
      Object.entries(join.userdata ?? {}).map(([key, value]) => [`userdata-${key}`, value]),
    );
    return callUrl(server, "join", {
      fullName: join.fullName,
      meetingID: join.meetingID,
      role: join.role,
      userID: join.userID,
      redirect: "true",
      ...userdata,
    });
  },
};
