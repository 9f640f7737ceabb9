import type { Behavior, Reply, ReplyPart, Turn } from "../behavior.js";
import { parrot } from "./parrot.js";

/** One scripted reply: a text, one output item, or several. */
export type ScriptedReply = string | ReplyPart | readonly ReplyPart[];

/** Options of {@link scripted}. */
export interface ScriptedOptions {
  /** What happens after the last reply: `"parrot"` (default) falls back to the parrot, `"repeat"` starts over. */
  whenExhausted?: "parrot" | "repeat";
}

function normalize(reply: ScriptedReply): Reply {
  if (typeof reply === "string") return [{ type: "message", text: reply }];
  if (Array.isArray(reply)) return reply as readonly ReplyPart[];
  return [reply as ReplyPart];
}

/**
 * Answers with given replies, one per response, in order, across the whole server (so a test
 * can script a conversation). A function computes the reply from the turn instead.
 */
export function scripted(
  replies: readonly ScriptedReply[] | ((turn: Turn) => ScriptedReply | Promise<ScriptedReply>),
  options: ScriptedOptions = {},
): Behavior {
  if (typeof replies === "function") {
    return { name: "scripted", reply: async (turn) => normalize(await replies(turn)) };
  }
  const fallback = parrot();
  let next = 0;
  return {
    name: "scripted",
    reply(turn) {
      if (next >= replies.length) {
        if (options.whenExhausted !== "repeat" || replies.length === 0) return fallback.reply(turn);
        next = 0;
      }
      const reply = replies[next++];
      return reply === undefined ? fallback.reply(turn) : normalize(reply);
    },
  };
}
