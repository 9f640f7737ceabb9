import { EchoFaultError, EchoUsageError } from "@echo/core";

/** Options that are missing, contradict each other or cannot work on this runtime. Code `"invalid_webrtc_options"`. */
export class InvalidWebRtcOptionsError extends EchoUsageError {
  constructor(message: string) {
    super("invalid_webrtc_options", message);
  }
}

/** A long-lived `sk-…` key was given to the browser, where every visitor could read it. Code `"insecure_api_key"`. */
export class InsecureApiKeyError extends EchoUsageError {
  constructor() {
    super(
      "insecure_api_key",
      "A long-lived API key (sk-…) must not be used in a browser: anyone can read it from the page. " +
        "Mint an ephemeral client secret (ek_…) on your server with createClientSecret() from " +
        "@echo/transport-webrtc/server and pass that to connect().",
    );
  }
}

/**
 * An HTTP request to the Realtime REST API (`/v1/realtime/calls`, `/client_secrets`, `/hangup`)
 * was answered with an error status. `status` is the HTTP status, `serverMessage`, `type` and
 * `serverCode` come from the JSON body's `error` when it had one. Code `"http_<status>"`.
 *
 * 401: the key or client secret is wrong or expired (mint a new one); 400: the request (SDP,
 * session config) was rejected; 429: rate limited (retry later); 5xx: the service failed.
 */
export class RealtimeHttpError extends EchoFaultError {
  /** The HTTP status. */
  readonly status: number;
  /** `error.message` from the server's JSON body, if any. */
  readonly serverMessage: string | undefined;
  /** `error.type` from the body, e.g. `"invalid_request_error"`. */
  readonly type: string | undefined;
  /** `error.code` from the body, e.g. `"invalid_api_key"`. */
  readonly serverCode: string | undefined;
  /** `x-request-id` of the response, for support requests. */
  readonly requestId: string | undefined;

  constructor(
    what: string,
    status: number,
    body: { message?: string; type?: string; code?: string },
    requestId: string | undefined,
  ) {
    super(
      `http_${status}`,
      `${what} failed with HTTP ${status}: ${body.message ?? "(no error message in the response)"}. ${hint(status)}`,
    );
    this.status = status;
    this.serverMessage = body.message;
    this.type = body.type;
    this.serverCode = body.code;
    this.requestId = requestId;
  }
}

function hint(status: number): string {
  if (status === 401 || status === 403)
    return "Check the key: a client secret (ek_…) expires (mint a new one per call), and minting needs a standard key (sk-…).";
  if (status === 400)
    return "The request was rejected: check the SDP offer and the session config.";
  if (status === 404) return "Check the URL (default https://api.openai.com/v1/realtime/calls).";
  if (status === 429) return "Rate limited: wait and retry.";
  if (status >= 500) return "The service failed: retry later.";
  return "";
}

/** The request could not be made at all (DNS, refused connection, TLS), or its answer could not be read. Code `"request_failed"`. */
export class RealtimeRequestError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("request_failed", message, options);
  }
}

/** The server answered the SDP offer with something that is not a usable SDP answer. Code `"malformed_sdp_answer"`. */
export class MalformedSdpAnswerError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("malformed_sdp_answer", message, options);
  }
}

/** The `oai-events` data channel did not open in time after the SDP exchange. Code `"data_channel_timeout"`. */
export class DataChannelTimeoutError extends EchoFaultError {
  /** How long it waited, in ms. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, connectionState: string) {
    super(
      "data_channel_timeout",
      `The "oai-events" data channel did not open within ${timeoutMs} ms of the SDP answer (peer connection state: ${connectionState}). ` +
        "ICE/DTLS could not reach the server: check that UDP is not blocked (a firewall or proxy may need a TURN server in `rtcConfiguration.iceServers`), or raise `openTimeoutMs`.",
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The call ended before `session.created` or before the data channel opened (ICE failed, the server closed it). Code `"call_failed"`. */
export class CallFailedError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("call_failed", message, options);
  }
}

/** The peer connection's ICE transport failed (network lost, or the server vanished). Code `"ice_failed"`. */
export class IceFailedError extends EchoFaultError {
  constructor() {
    super(
      "ice_failed",
      "The WebRTC connection failed (ICE): the network dropped or the server stopped answering. Start a new call.",
    );
  }
}

/** A client event is larger than the data channel's maximum message size. Code `"message_too_large"`. */
export class MessageTooLargeError extends EchoUsageError {
  /** Its size in bytes. */
  readonly bytes: number;
  /** The largest message the channel takes. */
  readonly limit: number;
  constructor(bytes: number, limit: number) {
    super(
      "message_too_large",
      `A client event of ${bytes} bytes is larger than the data channel's maximum message size (${limit} bytes). ` +
        "Send audio in smaller input_audio_buffer.append chunks (e.g. 20-500 ms), or use the WebSocket transport for bulk uploads.",
    );
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** The one transport-closed error every transport throws (core's; see its JSDoc). */
export { TransportClosedError } from "@echo/core";

/** Audio could not be set up: the microphone was denied, or no Opus codec is installed (Node). Code `"audio_unavailable"`. */
export class AudioUnavailableError extends EchoFaultError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("audio_unavailable", message, options);
  }
}
