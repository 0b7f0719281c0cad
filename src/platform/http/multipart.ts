import { domainError } from "../errors.js";

export interface FilePart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export type MultipartBody = Record<string, string | FilePart>;

const MAX_PARTS = 16;
const malformed = () => domainError("bad_request", "The form upload could not be read", 400);

/**
 * Just enough multipart/form-data for an HTML form with a file input (no JavaScript needed): text
 * fields become strings, file fields a FilePart. The caller bounds the body's size.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw malformed();
  const first = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  const parts: MultipartBody = {};
  let pos = body.indexOf(first);
  if (pos < 0) throw malformed();
  pos += first.length;
  for (let count = 0; ; count++) {
    if (body.subarray(pos, pos + 2).toString("latin1") === "--") return parts;
    if (count >= MAX_PARTS || body.subarray(pos, pos + 2).toString("latin1") !== "\r\n") throw malformed();
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    const end = headerEnd < 0 ? -1 : body.indexOf(between, headerEnd + 4);
    if (end < 0) throw malformed();
    const headers = body.subarray(pos + 2, headerEnd).toString("utf8");
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const bytes = body.subarray(headerEnd + 4, end);
    if (name !== undefined)
      parts[name] =
        filename === undefined
          ? bytes.toString("utf8")
          : {
              filename,
              contentType: /^content-type:\s*(.*)$/im.exec(headers)?.[1]?.trim() ?? "",
              bytes: Buffer.from(bytes),
            };
    pos = end + between.length;
  }
}
