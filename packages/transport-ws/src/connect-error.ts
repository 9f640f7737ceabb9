import { redactString as redact } from "@echo/core";
import { connectAdvice, TransportConnectError } from "./errors.js";

// Longest piece of a server's error body quoted in a TransportConnectError.
const MAX_SERVER_MESSAGE_CHARS = 300;

/** The HTTP error a server answered an upgrade with. */
export interface UpgradeRejection {
  status: number;
  body: string;
}

/**
 * Why a dial failed, as a `TransportConnectError`: with the server's status, message and advice
 * for that status when it answered with an HTTP error, otherwise with the first error seen.
 */
export function connectError(
  url: string,
  code: number,
  cause: Error | undefined,
  rejection: UpgradeRejection | undefined,
): TransportConnectError {
  if (rejection !== undefined) {
    const serverMessage = serverMessageOf(rejection.body);
    const quoted = serverMessage === undefined ? "" : ` (${JSON.stringify(serverMessage)})`;
    return new TransportConnectError(
      `Could not connect to ${url}: the server answered HTTP ${rejection.status}${quoted}. ${connectAdvice(rejection.status)}`,
      {
        cause,
        status: rejection.status,
        ...(serverMessage === undefined ? {} : { serverMessage }),
      },
    );
  }
  const detail = cause ? redact(cause.message) : `closed with code ${code}`;
  return new TransportConnectError(
    `Could not connect to ${url}: ${detail}. ${connectAdvice(undefined)}`,
    { cause },
  );
}

/** 4xx answers that a retry cannot cure (429 and 408 can be). */
export function refusedForGood(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The `error.message` of an OpenAI error body, or the start of any other body; secrets redacted. */
function serverMessageOf(body: string): string | undefined {
  let message: unknown = body.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const error = (parsed as { error?: unknown }).error;
      const inner =
        typeof error === "object" && error !== null
          ? (error as { message?: unknown }).message
          : error;
      if (typeof inner === "string") message = inner;
    }
  } catch {
    // Not JSON: quote the text itself.
  }
  if (typeof message !== "string" || message === "") return undefined;
  const short =
    message.length > MAX_SERVER_MESSAGE_CHARS
      ? `${message.slice(0, MAX_SERVER_MESSAGE_CHARS)}…`
      : message;
  return redact(short);
}
