import { makeId } from "./ids.js";
import type { JsonObject } from "./json.js";

/** A client secret minted by `POST /v1/realtime/client_secrets`. */
export interface MintedSecret {
  /** Unix seconds after which the WebSocket refuses it. */
  expiresAt: number;
  /** The session config it was minted with (applied to sessions it opens). */
  session: JsonObject;
}

const STANDARD_KEY = /^sk-[A-Za-z0-9_-]{4,}$/;

/** Which keys the server accepts: standard `sk-…` keys (all, or a fixed list) and the `ek_…` secrets it minted. */
export class KeyRing {
  private readonly minted = new Map<string, MintedSecret>();

  constructor(
    private readonly apiKeys: readonly string[] | undefined,
    private readonly now: () => number,
  ) {}

  /** Whether a standard key (never an ephemeral one) is accepted: minting needs one. */
  acceptsStandard(key: string): boolean {
    return this.apiKeys ? this.apiKeys.includes(key) : STANDARD_KEY.test(key);
  }

  /** The minted secret a key names, if it exists and has not expired. */
  ephemeral(key: string): MintedSecret | undefined {
    const secret = this.minted.get(key);
    if (!secret) return undefined;
    if (secret.expiresAt * 1000 <= this.now()) {
      this.minted.delete(key);
      return undefined;
    }
    return secret;
  }

  /** Whether a key opens a WebSocket session. */
  accepts(key: string): boolean {
    return key.startsWith("ek_") ? this.ephemeral(key) !== undefined : this.acceptsStandard(key);
  }

  /** Mints a new `ek_…` secret. */
  mint(ttlSeconds: number, session: JsonObject): { value: string; expiresAt: number } {
    const value = makeId("ek");
    const expiresAt = Math.floor(this.now() / 1000) + ttlSeconds;
    this.minted.set(value, { expiresAt, session });
    return { value, expiresAt };
  }
}

/** Reads the key from `Authorization: Bearer …` or the `openai-insecure-api-key.` subprotocol. */
export function keyFromRequest(
  authorization: string | undefined,
  protocols: string | undefined,
): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  for (const p of (protocols ?? "").split(",")) {
    const t = p.trim();
    if (t.startsWith("openai-insecure-api-key.")) return t.slice("openai-insecure-api-key.".length);
  }
  return undefined;
}
