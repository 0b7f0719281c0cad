import { checksum } from "../../modules/rooms/bbb.js";
import { startFakeServer } from "./http.js";

export interface FakeMeeting {
  name: string;
  attendees: { userID: string; fullName: string; role: string; userdata: Record<string, string> }[];
}

const xml = (body: string) => `<response><returncode>SUCCESS</returncode>${body}</response>`;
const failed = (key: string, message: string) =>
  `<response><returncode>FAILED</returncode><messageKey>${key}</messageKey><message>${message}</message></response>`;
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * BigBlueButton's API on 127.0.0.1, as its documentation describes it: every call's SHA-256 checksum
 * over call name, query and shared secret is checked; `create` (idempotent, with BBB's duplicate
 * warning), `join` (the browser lands in the room: a plain page here), `isMeetingRunning` (true once
 * someone joined) and `getMeetingInfo` with its attendee list. `leave` is the test's hand: someone's
 * connection ends.
 */
export async function startFakeBbb(secret: string) {
  const meetings = new Map<string, FakeMeeting>();
  const calls: string[] = [];
  const server = await startFakeServer((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const call = url.pathname.replace(/^\/bigbluebutton\/api\/?/, "");
    const raw = url.search.slice(1);
    const at = raw.lastIndexOf("checksum=");
    const query = at <= 0 ? "" : raw.slice(0, at - 1);
    const sent = at < 0 ? "" : raw.slice(at + "checksum=".length);
    const params = new URLSearchParams(query);
    const meetingID = params.get("meetingID") ?? "";
    const meeting = meetings.get(meetingID);
    calls.push(call);
    const send = (body: string, type = "text/xml") => {
      res.writeHead(200, { "content-type": type }).end(body);
    };
    if (sent !== checksum(call, query, secret))
      return send(failed("checksumError", "Checksums do not match"));
    switch (call) {
      case "create":
        if (meeting)
          return send(
            xml(`<meetingID>${esc(meetingID)}</meetingID><messageKey>duplicateWarning</messageKey>`),
          );
        meetings.set(meetingID, { name: params.get("name") ?? "", attendees: [] });
        return send(xml(`<meetingID>${esc(meetingID)}</meetingID>`));
      case "isMeetingRunning":
        return send(xml(`<running>${Boolean(meeting && meeting.attendees.length > 0)}</running>`));
      case "getMeetingInfo":
        if (!meeting) return send(failed("notFound", "We could not find a meeting with that meeting ID"));
        return send(
          xml(
            `<meetingName>${esc(meeting.name)}</meetingName><running>${meeting.attendees.length > 0}</running><attendees>${meeting.attendees
              .map(
                (a) =>
                  `<attendee><userID>${esc(a.userID)}</userID><fullName>${esc(a.fullName)}</fullName><role>${a.role}</role></attendee>`,
              )
              .join("")}</attendees>`,
          ),
        );
      case "join": {
        if (!meeting) return send(failed("invalidMeetingIdentifier", "The meeting ID does not exist"));
        const userdata = Object.fromEntries(
          [...params].filter(([k]) => k.startsWith("userdata-")).map(([k, v]) => [k.slice(9), v]),
        );
        const attendee = {
          userID: params.get("userID") ?? "",
          fullName: params.get("fullName") ?? "",
          role: params.get("role") ?? "VIEWER",
          userdata,
        };
        meeting.attendees.push(attendee);
        return send(
          `<!doctype html><title>${esc(meeting.name)}</title><h1 id="room">${esc(meeting.name)}</h1><p id="who">${esc(attendee.fullName)} · ${attendee.role}</p><pre id="userdata">${esc(JSON.stringify(userdata))}</pre>`,
          "text/html; charset=utf-8",
        );
      }
      default:
        return send(failed("unsupportedRequest", "This request is not supported"));
    }
  });
  return {
    apiUrl: `${server.url}/bigbluebutton/api/`,
    meetings,
    calls,
    leave(meetingID: string, userID: string) {
      const meeting = meetings.get(meetingID);
      if (meeting) meeting.attendees = meeting.attendees.filter((a) => a.userID !== userID);
    },
    close: server.close,
  };
}
