import { describe, expect, it } from "vitest";
import { EchoFaultError } from "../../src/errors.js";
import { SessionClosedError } from "../../src/session/index.js";
import {
  type CloseReason,
  closedErrorKind,
  closeReasonFromCode,
  describeCloseReason,
} from "../../src/shared/index.js";

describe("close reasons", () => {
  it("maps server close codes as §1 of the protocol says", () => {
    expect(closeReasonFromCode(1000, "")).toEqual({ kind: "server", code: 1000, reason: "" });
    expect(closeReasonFromCode(1001, "max")).toEqual({
      kind: "expired",
      code: 1001,
      reason: "max",
    });
    expect(closeReasonFromCode(3000, "invalid_request_error.invalid_api_key")).toEqual({
      kind: "auth",
      code: 3000,
      reason: "invalid_request_error.invalid_api_key",
    });
    expect(closeReasonFromCode(4000, "x").kind).toBe("bad_request");
    expect(closeReasonFromCode(1005, "").kind).toBe("network");
    expect(closeReasonFromCode(1006, "").kind).toBe("network");
    expect(closeReasonFromCode(4999, "custom").kind).toBe("server");
  });

  it("describes every kind in words a user can act on", () => {
    const error = new EchoFaultError("boom", "socket exploded");
    const cases: [CloseReason, RegExp][] = [
      [{ kind: "client", code: 1000, reason: "bye" }, /closed by this client \(code 1000, "bye"\)/],
      [{ kind: "client", code: 1000, reason: "" }, /closed by this client \(code 1000\)/],
      [{ kind: "aborted", reason: "x" }, /aborted by its AbortSignal/],
      [{ kind: "server", code: 1000, reason: "" }, /closed by the server \(code 1000\)/],
      [{ kind: "auth", code: 3000, reason: "r" }, /authentication failed.*check the API key/],
      [{ kind: "bad_request", code: 4000, reason: "r" }, /bad request.*check the model/],
      [{ kind: "expired", code: 1001, reason: "r" }, /time limit/],
      [{ kind: "network", code: null, reason: "" }, /connection dropped \(no close code\)/],
      [{ kind: "network", code: 1006, reason: "reset" }, /code 1006, "reset"/],
      [{ kind: "error", error }, /closed by an error: socket exploded/],
    ];
    for (const [reason, pattern] of cases) expect(describeCloseReason(reason)).toMatch(pattern);
  });

  it("SessionClosedError carries the reason, and the error as cause", () => {
    const error = new EchoFaultError("boom", "socket exploded");
    const err = new SessionClosedError({ kind: "error", error });
    expect(err.cause).toBe(error);
    expect(err.name).toBe("SessionClosedError");
    expect(err.kind).toBe("fault"); // closed by an error, not by the caller
    expect(new SessionClosedError({ kind: "client", code: 1000, reason: "" }).kind).toBe("usage");
    expect(new SessionClosedError({ kind: "aborted", reason: "left" }).kind).toBe("usage");
  });

  it("closedErrorKind: usage only when this side closed (client, aborted), fault for every other kind", () => {
    const error = new EchoFaultError("boom", "socket exploded");
    const reasons: [CloseReason, "usage" | "fault"][] = [
      [{ kind: "client", code: 1000, reason: "" }, "usage"],
      [{ kind: "aborted", reason: "left" }, "usage"],
      [{ kind: "server", code: 1000, reason: "" }, "fault"],
      [{ kind: "auth", code: 3000, reason: "r" }, "fault"],
      [{ kind: "bad_request", code: 4000, reason: "r" }, "fault"],
      [{ kind: "expired", code: 1001, reason: "r" }, "fault"],
      [{ kind: "network", code: null, reason: "" }, "fault"],
      [{ kind: "error", error }, "fault"],
    ];
    for (const [reason, kind] of reasons) {
      expect(closedErrorKind(reason), reason.kind).toBe(kind);
      expect(new SessionClosedError(reason).kind, reason.kind).toBe(kind);
    }
  });
});
