import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { parseMultipart } from "./multipart.js";

const TYPE = "multipart/form-data; boundary=XyZ";

describe("parseMultipart", () => {
  it("reads text fields and files as a browser sends them", () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x2d, 0x2d]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntoken-é\r\n'),
      Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="template"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n',
      ),
      bytes,
      Buffer.from("\r\n--XyZ--\r\n"),
    ]);
    const parts = parseMultipart(body, TYPE);
    expect(parts._csrf).toBe("token-é");
    expect(parts.template).toEqual({ filename: "a.png", contentType: "image/png", bytes });
    expect(parseMultipart(body, 'multipart/form-data; boundary="XyZ"').template).toBeTypeOf("object");
  });

  it("refuses anything else with a 400, never another error", () => {
    for (const [body, type] of [
      ["", TYPE],
      ["--XyZ\r\nno end of headers", TYPE],
      ['--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nno closing boundary', TYPE],
      ["whatever", "multipart/form-data"],
    ] as const)
      expect(() => parseMultipart(Buffer.from(body), type)).toThrow(/could not be read/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string(), (bytes, prefix) => {
        try {
          parseMultipart(Buffer.concat([Buffer.from(`--XyZ${prefix}`), Buffer.from(bytes)]), TYPE);
        } catch (error) {
          expect(isDomainError(error) && error.httpStatus).toBe(400);
        }
      }),
    );
  });
});
