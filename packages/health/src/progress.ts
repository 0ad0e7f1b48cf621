/**
 * JupyterHub's spawn progress (`GET hub/api/users/<u>/server/progress`): a
 * server-sent event stream of `{progress, message, ready?, failed?, url?}`,
 * the same in JupyterHub 3.0 and 5.x. It ends with a ready or a failed event.
 */
import type { Deadline } from "./deadline";
import { HubError, printable } from "./hub-client";

/** At most this many progress events (JupyterHub sends a few dozen for a slow start). */
export const MAX_PROGRESS_EVENTS = 1000;

export interface ProgressEvent {
  progress?: number;
  message?: string;
  ready?: boolean;
  failed?: boolean;
  /** The server's path (`/user/<name>/`), in the ready event. */
  url?: string;
}

/** Splits an event stream into the JSON of its `data:` fields (blank-line separated events). */
export function parseEvents(buffer: string): { events: unknown[]; rest: string } {
  const events: unknown[] = [];
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const data = block
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data === "") continue; // keep-alive
    try {
      events.push(JSON.parse(data));
    } catch {
      // not JSON: ignored, as a browser's EventSource consumer would
    }
  }
  return { events, rest };
}

/** Reads events until ready or failed; the last event, or undefined when the stream ends without one. */
export async function followProgress(
  response: Response,
  deadline: Deadline,
  onEvent: (e: ProgressEvent) => void,
): Promise<ProgressEvent | undefined> {
  if (!response.body) return undefined;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let count = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += value;
      if (buffer.length > 1_000_000)
        throw new HubError(
          "following the spawn progress: the stream sent more than 1 MB without an event's end",
        );
      const parsed = parseEvents(buffer);
      buffer = parsed.rest;
      for (const raw of parsed.events) {
        if (!raw || typeof raw !== "object") continue;
        const e = raw as ProgressEvent;
        const event: ProgressEvent = {
          progress: typeof e.progress === "number" ? e.progress : undefined,
          message: typeof e.message === "string" ? printable(e.message) : undefined,
          ready: e.ready === true,
          failed: e.failed === true,
          url: typeof e.url === "string" ? e.url : undefined,
        };
        if (++count > MAX_PROGRESS_EVENTS)
          throw new HubError(
            `following the spawn progress: more than ${MAX_PROGRESS_EVENTS} events without ready or failed`,
          );
        onEvent(event);
        if (event.ready || event.failed) return event;
      }
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw deadline.reason(err, "following the spawn progress");
  } finally {
    reader.cancel().catch(() => {});
  }
}
