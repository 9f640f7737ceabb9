import { voiceNames } from "@echo/core";
import type { $ZodIssue } from "zod/v4/core";
import { INTEGER_RANGE, MAX_AUDIO_BASE64_LENGTH } from "./client/primitives.js";
import type { ValidationIssue, ValidationIssueCode } from "./errors.js";

type Path = (string | number)[];

/** Beta-era field names and what GA calls them, by the object they appear in. */
const betaSessionFields: Record<string, string> = {
  modalities: 'is beta-era; use "output_modalities" (["audio"] or ["text"], not both)',
  input_audio_format:
    'is beta-era; use "audio.input.format", e.g. {"type":"audio/pcm","rate":24000}',
  output_audio_format:
    'is beta-era; use "audio.output.format", e.g. {"type":"audio/pcm","rate":24000}',
  voice: 'is beta-era at this level; use "audio.output.voice"',
  speed: 'is beta-era at this level; use "audio.output.speed"',
  turn_detection: 'is beta-era at this level; use "audio.input.turn_detection"',
  input_audio_transcription: 'is beta-era; use "audio.input.transcription"',
  input_audio_noise_reduction: 'is beta-era; use "audio.input.noise_reduction"',
  temperature: "is beta-era and was removed in GA with no replacement; remove it",
  max_response_output_tokens: 'is beta-era; use "max_output_tokens" (1-4096 or "inf")',
  client_secret:
    'is beta-era; set "expires_after" when minting a secret with POST /v1/realtime/client_secrets',
};

const betaResponseFields: Record<string, string> = {
  modalities: betaSessionFields.modalities as string,
  voice: 'is beta-era at this level; use "audio.output.voice"',
  output_audio_format: betaSessionFields.output_audio_format as string,
  temperature: betaSessionFields.temperature as string,
  max_response_output_tokens: betaSessionFields.max_response_output_tokens as string,
};

/** Beta-era content part types. */
const betaContentTypes: Record<string, string> = {
  text: 'beta "text" is "input_text" (user, system) or "output_text" (assistant) in GA',
  audio: 'beta "audio" is "input_audio" in GA (clients cannot add assistant audio)',
};

function reportBetaKeys(path: Path, input: unknown, out: ValidationIssue[]): void {
  const value = valueAt(input, path);
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    const beta = betaSessionFields[key];
    if (beta !== undefined) out.push(issue([...path, key], "unknown_parameter", beta));
  }
}

/** What a union accepts, by the name of the field that holds it. */
const unionHints: Record<string, string> = {
  output_modalities: 'must be ["audio"] or ["text"] (exactly one modality)',
  voice: `must be one of ${voiceNames.map((v) => `"${v}"`).join(", ")}, or {"id":"voice_..."}`,
  tool_choice:
    'must be "auto", "none", "required", {"type":"function","name":...} or {"type":"mcp","server_label":...}',
  max_output_tokens: 'must be an integer from 1 to 4096, or "inf"',
  tracing: 'must be "auto", {"workflow_name"?,"group_id"?,"metadata"?} or null',
  truncation: 'must be "auto", "disabled" or {"type":"retention_ratio","retention_ratio":0..1}',
  allowed_tools: 'must be a list of tool names, {"read_only"?,"tool_names"?} or null',
  require_approval: 'must be "always", "never", {"always"?,"never"?} or null',
};

/** Extra advice for a missing field, by field name. */
const missingHints: Record<string, string> = {
  call_id: "set it to the call_id of the function_call this output answers",
  type: "every object here is tagged by its type",
  audio: "put the base64 audio here",
};

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = v instanceof Map ? v.get(key) : (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** The server's dotted form of a path: `session.tools[0].name`. */
export function toParam(path: Path): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? key : `.${key}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length <= 40 ? json : `an array of ${value.length}`;
  }
  if (typeof value === "string") {
    return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a${typeof value === "object" ? "n" : ""} ${typeof value}`;
}

function article(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "object":
    case "array":
      return `an ${expected}`;
    default:
      return `a ${expected}`;
  }
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * One issue. The message is a whole sentence that starts with the param (or "the event"), so it
 * stands alone, e.g. in the `error` event the mock server answers with.
 */
export function issue(path: Path, code: ValidationIssueCode, text: string): ValidationIssue {
  const param = toParam(path);
  return { path, param, code, message: `${param || "the event"} ${text}` };
}

function pathOf(base: Path, rel: readonly PropertyKey[]): Path {
  return [...base, ...rel.map((k) => (typeof k === "symbol" ? String(k) : k))];
}

/**
 * Turns zod issues into server-style issues with messages that say how to fix the event.
 * `input` is the event, used to tell a missing field from a wrong one; values are quoted only
 * when short, so audio and secrets never end up in a message.
 */
export function toValidationIssues(
  zodIssues: readonly $ZodIssue[],
  input: unknown,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const zi of zodIssues) convert(zi, [], input, out);
  return out;
}

function convert(zi: $ZodIssue, base: Path, input: unknown, out: ValidationIssue[]): void {
  const path = pathOf(base, zi.path);
  const value = valueAt(input, path);
  const name = path[path.length - 1];
  switch (zi.code) {
    case "unrecognized_keys": {
      const parent = path[path.length - 1];
      for (const key of zi.keys) {
        const hints =
          path.length === 1 && parent === "session"
            ? betaSessionFields
            : path.length === 1 && parent === "response"
              ? betaResponseFields
              : undefined;
        const beta = hints?.[key];
        out.push(
          issue(
            [...path, key],
            "unknown_parameter",
            beta ?? "is not a parameter here; remove it (the server rejects unknown parameters)",
          ),
        );
      }
      return;
    }
    case "invalid_type": {
      if (value === undefined) {
        const hint = typeof name === "string" ? missingHints[name] : undefined;
        out.push(
          issue(
            path,
            "missing_required_parameter",
            `is required (${article(zi.expected)})${hint ? `; ${hint}` : ""}`,
          ),
        );
      } else if (name === "format") {
        out.push(
          issue(
            path,
            "invalid_type",
            `must be an object: {"type":"audio/pcm","rate":24000}, {"type":"audio/pcmu"} or {"type":"audio/pcma"} (got ${describe(value)}; beta strings like "pcm16" are gone)`,
          ),
        );
      } else {
        const round =
          zi.expected === "int" && typeof value === "number" ? "; round it, e.g. Math.floor" : "";
        out.push(
          issue(
            path,
            "invalid_type",
            `must be ${article(zi.expected)} (got ${describe(value)})${round}`,
          ),
        );
      }
      return;
    }
    case "too_small":
    case "too_big": {
      const small = zi.code === "too_small";
      const bound = small
        ? (zi as { minimum: number | bigint }).minimum
        : (zi as { maximum: number | bigint }).maximum;
      if (zi.origin === "number") {
        const int = zi.message === INTEGER_RANGE;
        const code: ValidationIssueCode = int
          ? small
            ? "integer_below_min_value"
            : "integer_above_max_value"
          : small
            ? "decimal_below_min_value"
            : "decimal_above_max_value";
        out.push(
          issue(path, code, `must be ${small ? ">=" : "<="} ${bound} (got ${describe(value)})`),
        );
      } else if (zi.origin === "string") {
        if (!small && Number(bound) === MAX_AUDIO_BASE64_LENGTH) {
          out.push(
            issue(
              path,
              "string_above_max_length",
              `must be at most 15 MiB (${MAX_AUDIO_BASE64_LENGTH} characters) of base64 per event (got ${String(value).length}); send the audio in smaller appends (20-100 ms each)`,
            ),
          );
        } else if (small) {
          out.push(issue(path, "string_below_min_length", "must not be empty"));
        } else {
          out.push(
            issue(
              path,
              "string_above_max_length",
              `must be at most ${bound} characters (got ${String(value).length}); shorten it`,
            ),
          );
        }
      } else {
        out.push(issue(path, "array_above_max_length", `must have at most ${bound} entries`));
      }
      return;
    }
    case "invalid_value": {
      const only = zi.values.length === 1 ? zi.values[0] : undefined;
      if (value === undefined) {
        // A missing discriminator of a plain union (e.g. truncation's "type"): say it is missing.
        out.push(
          issue(
            path,
            "missing_required_parameter",
            `is required: ${zi.values.length === 1 ? "" : "one of "}${quoteList(zi.values)}`,
          ),
        );
      } else if (typeof only === "number" && typeof value === "number") {
        // Like the server, which answers a PCM rate of 16000 with integer_below_min_value.
        const below = value < only;
        out.push(
          issue(
            path,
            below ? "integer_below_min_value" : "integer_above_max_value",
            `must be ${only}, the only value supported (got ${value})`,
          ),
        );
      } else {
        out.push(
          issue(
            path,
            "invalid_value",
            `must be ${zi.values.length === 1 ? "" : "one of "}${quoteList(zi.values)} (got ${describe(value)})`,
          ),
        );
      }
      return;
    }
    case "invalid_union": {
      if (zi.discriminator !== undefined) {
        const options = "options" in zi && zi.options ? quoteList(zi.options) : "";
        if (value === undefined) {
          out.push(issue(path, "missing_required_parameter", `is required: one of ${options}`));
        } else {
          const beta = name === "type" ? betaContentTypes[String(value)] : undefined;
          out.push(
            issue(
              path,
              "invalid_value",
              `must be one of ${options} (got ${describe(value)})${beta ? `; ${beta}` : ""}`,
            ),
          );
        }
        // Without a session type no option is checked; still point out beta-era fields.
        if (path.length === 2 && path[0] === "session") reportBetaKeys(["session"], input, out);
        return;
      }
      const hint = typeof name === "string" ? unionHints[name] : undefined;
      // Prefer the one option whose type matched, so a range error is reported as such.
      const matched = zi.errors.filter((errs) =>
        errs.every(
          (e) => e.path.length > 0 || (e.code !== "invalid_type" && e.code !== "invalid_value"),
        ),
      );
      const only = matched.length === 1 ? matched[0] : undefined;
      if (only !== undefined) {
        for (const e of only) convert(e, path, input, out);
        return;
      }
      out.push(
        issue(path, "invalid_value", `${hint ?? "has an invalid value"} (got ${describe(value)})`),
      );
      return;
    }
    case "invalid_format": {
      const pattern = "pattern" in zi ? ` ${zi.pattern}` : "";
      const hint =
        name === "name" ? " (letters, digits, _ and -, at most 64; no spaces or dots)" : "";
      out.push(
        issue(
          path,
          "invalid_value",
          `must match the pattern${pattern}${hint} (got ${describe(value)})`,
        ),
      );
      return;
    }
    case "invalid_key": {
      const inner = zi.issues[0];
      const max = inner?.code === "too_big" ? ` of at most ${inner.maximum} characters` : "";
      out.push(
        issue(path, "string_above_max_length", `keys must be strings${max}; shorten this key`),
      );
      return;
    }
    case "invalid_element": {
      for (const e of zi.issues) convert(e, path, input, out);
      return;
    }
    case "custom": {
      const code = (zi.params as { code?: string } | undefined)?.code;
      switch (code) {
        case "invalid_base64":
          out.push(
            issue(
              path,
              "invalid_base64",
              "must be standard base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4); encode the raw audio bytes, not a data URI",
            ),
          );
          return;
        case "image_data_uri":
          out.push(
            issue(
              path,
              "invalid_value",
              'must be a data URI of a PNG or JPEG image ("data:image/png;base64,..." or "data:image/jpeg;base64,...")',
            ),
          );
          return;
        case "mcp_server_or_connector":
          out.push(
            issue(
              path.slice(0, -1),
              "missing_required_parameter",
              'needs exactly one of "server_url", "connector_id" and "tunnel_id"',
            ),
          );
          return;
        case "metadata_too_many":
          out.push(issue(path, "invalid_value", "must have at most 16 key/value pairs"));
          return;
        default:
          out.push(issue(path, "invalid_value", zi.message));
          return;
      }
    }
    default:
      out.push(issue(path, "invalid_value", zi.message));
  }
}
