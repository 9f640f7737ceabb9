/** Event names whose frames the transport parses to follow the call (everything else passes through unparsed). */
const WATCHED = [
  '"session.created"',
  '"response.created"',
  '"response.done"',
  '"response.content_part.added"',
  '"output_audio_buffer.',
];

/**
 * Parses a server frame only when it may be one of the few events the transport follows;
 * returns `undefined` for everything else (the hot path: no second `JSON.parse`).
 */
export function watchedEvent(
  data: string,
): ({ type: string } & Record<string, unknown>) | undefined {
  if (!WATCHED.some((name) => data.includes(name))) return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const type = (parsed as { type?: unknown }).type;
    return typeof type === "string"
      ? (parsed as { type: string } & Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
