import { describe, expect, test } from "bun:test";
import { Conflict, Forbidden, InvalidArgument, NotFound, NotImplemented, NotModified, SystemError, Unauthorized, Unavailable, errorFromStatus, messageOf, statusOf } from "../../../src/lib/index.ts";

describe("errors", () => {
  test("each class carries Docker's HTTP status", () => {
    const cases: [Error, number][] = [
      [new NotFound("x"), 404], [new InvalidArgument("x"), 400], [new Conflict("x"), 409], [new Unauthorized("x"), 401],
      [new Forbidden("x"), 403], [new NotModified("x"), 304], [new NotImplemented("x"), 501], [new Unavailable("x"), 503],
      [new SystemError("x"), 500], [new Error("plain"), 500],
    ];
    for (const [err, status] of cases) expect(statusOf(err)).toBe(status);
  });

  test("errorFromStatus is the inverse of status", () => {
    for (const status of [304, 400, 401, 403, 404, 409, 501, 503, 500, 502]) {
      const err = errorFromStatus(status, "msg");
      expect(err.message).toBe("msg");
      expect(err.status).toBe(status === 502 ? 500 : status);
    }
    expect(errorFromStatus(404, "No such container: x")).toBeInstanceOf(NotFound);
    expect(new NotFound("a").name).toBe("NotFound");
  });

  test("messageOf handles anything thrown", () => {
    expect(messageOf(new Error("boom"))).toBe("boom");
    expect(messageOf("text")).toBe("text");
  });
});
