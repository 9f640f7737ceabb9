import type { Conversation, StoredItem } from "./conversation.js";
import { makeId } from "./ids.js";
import { clone, isObject, type JsonObject } from "./json.js";
import type { AudioFormat } from "./session-config.js";

/**
 * The items a `response.create` works from: its explicit `input` (item references and inline
 * items, the latter outside the conversation), or else the whole conversation.
 */
export function resolveResponseInput(
  params: JsonObject,
  conversation: Conversation,
  format: AudioFormat,
): StoredItem[] {
  if (!Array.isArray(params.input)) return [...conversation.list()];
  const out: StoredItem[] = [];
  for (const entry of params.input) {
    if (!isObject(entry)) continue;
    if (entry.type === "item_reference") {
      const found = typeof entry.id === "string" ? conversation.get(entry.id) : undefined;
      if (found) out.push(found);
      continue;
    }
    const audio = new Map<number, Buffer>();
    const item = clone(entry);
    if (Array.isArray(item.content)) {
      item.content.forEach((part, index) => {
        if (isObject(part) && typeof part.audio === "string")
          audio.set(index, Buffer.from(part.audio, "base64"));
      });
    }
    out.push({
      item: { ...item, id: typeof item.id === "string" ? item.id : makeId("item") },
      audio,
      format: format,
    });
  }
  return out;
}
