/**
 * Running code in a user server: start a kernel through the server's REST API
 * (`POST <server>/api/kernels`), send one `execute_request` over the kernel's
 * WebSocket (`<server>/api/kernels/<id>/channels`, the JSON message protocol
 * both the classic notebook server and Jupyter Server speak when no
 * subprotocol is asked for), and collect its result and error.
 */
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import type { Deadline } from "./deadline";
import { type HubClient, HubError, printable } from "./hub-client";

/** At most this many messages from the kernel for one execution (the check's sum sends a handful). */
export const MAX_KERNEL_MESSAGES = 10_000;
/** At most this much output (stream text and the result) is kept. */
export const MAX_KERNEL_OUTPUT = 1024 * 1024;
/** The largest WebSocket message accepted. */
export const MAX_KERNEL_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface ExecuteResult {
  status: "ok" | "error" | "aborted";
  /** `text/plain` of the execute_result, if any. */
  result?: string;
  /** Concatenated stream output. */
  stdout: string;
  error?: { ename: string; evalue: string };
}

interface Message {
  header?: { msg_type?: string };
  parent_header?: { msg_id?: string };
  channel?: string;
  content?: Record<string, unknown>;
}

export async function startKernel(
  client: HubClient,
  serverPath: string,
  deadline: Deadline,
): Promise<string> {
  const res = await client.request(client.url(`${serverPath}api/kernels`), deadline, {
    method: "POST",
    body: {},
    what: "starting a kernel",
  });
  const id = (res.json as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string" || !/^[\w-]+$/.test(id))
    throw new HubError("starting a kernel: the server answered without a kernel id");
  return id;
}

export async function deleteKernel(client: HubClient, serverPath: string, id: string, deadline: Deadline) {
  await client.request(client.url(`${serverPath}api/kernels/${id}`), deadline, {
    method: "DELETE",
    ok: (s) => (s >= 200 && s < 300) || s === 404,
    what: "shutting the kernel down",
  });
}

export function executeRequest(code: string, session: string, msgId: string) {
  return {
    header: {
      msg_id: msgId,
      msg_type: "execute_request",
      username: "hubnet-check",
      session,
      date: new Date().toISOString(),
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content: {
      code,
      silent: false,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    buffers: [],
    channel: "shell",
  };
}

/** Executes `code` in the kernel and waits for its reply and for the kernel to be idle again. */
export function execute(
  client: HubClient,
  serverPath: string,
  kernelId: string,
  code: string,
  deadline: Deadline,
): Promise<ExecuteResult> {
  const session = randomUUID();
  const msgId = randomUUID();
  const url = client.url(`${serverPath}api/kernels/${kernelId}/channels`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("session_id", session);

  return new Promise<ExecuteResult>((resolve, reject) => {
    const out: ExecuteResult = { status: "ok", stdout: "" };
    let replied = false;
    let idle = false;
    let settled = false;
    const ws = new WebSocket(url, {
      headers: { Authorization: `token ${client.opts.token}` },
      followRedirects: false,
      handshakeTimeout: Math.max(1, deadline.remaining()),
      maxPayload: MAX_KERNEL_MESSAGE_BYTES,
    });
    const timer = setTimeout(
      () => finish(deadline.reason(new Error("timeout"), "running code in the kernel")),
      Math.max(1, deadline.remaining()),
    );
    const onInterrupt = () => finish(deadline.reason(new Error("interrupted"), "running code in the kernel"));
    deadline.interrupt?.addEventListener("abort", onInterrupt, { once: true });

    function finish(err?: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      deadline.interrupt?.removeEventListener("abort", onInterrupt);
      ws.removeAllListeners();
      ws.on("error", () => {});
      ws.terminate();
      if (err) reject(err);
      else resolve(out);
    }

    ws.on("unexpected-response", (_req, res) =>
      finish(
        new HubError(
          `connecting to the kernel: ${res.statusCode} ${printable(res.statusMessage ?? "")}`,
          res.statusCode,
        ),
      ),
    );
    ws.on("error", (err) => finish(new HubError(`connecting to the kernel: ${printable(err.message)}`)));
    ws.on("close", (code) =>
      finish(new HubError(`the kernel's connection closed (${code}) before the code ran`)),
    );
    ws.on("open", () => ws.send(JSON.stringify(executeRequest(code, session, msgId))));
    let messages = 0;
    ws.on("message", (data, isBinary) => {
      try {
        onMessage(data, isBinary);
      } catch (err) {
        // Nothing a kernel sends may end the check without stopping its server.
        finish(
          new HubError(
            `running code in the kernel: ${printable(err instanceof Error ? err.message : String(err))}`,
          ),
        );
      }
    });
    function onMessage(data: WebSocket.RawData, isBinary: boolean) {
      if (++messages > MAX_KERNEL_MESSAGES) {
        finish(
          new HubError(
            `running code in the kernel: the kernel sent more than ${MAX_KERNEL_MESSAGES} messages for one small computation; not read further`,
          ),
        );
        return;
      }
      if (isBinary) return; // binary frames carry buffers we did not ask for
      let msg: Message;
      try {
        msg = JSON.parse(data.toString()) as Message;
      } catch {
        return;
      }
      if (msg.parent_header?.msg_id !== msgId) return;
      const c = msg.content ?? {};
      switch (msg.header?.msg_type) {
        case "stream":
          if (typeof c.text === "string") {
            if (out.stdout.length + c.text.length > MAX_KERNEL_OUTPUT) {
              finish(
                new HubError(
                  `running code in the kernel: the kernel printed more than ${MAX_KERNEL_OUTPUT / 1024 / 1024} MiB; not read further`,
                ),
              );
              return;
            }
            out.stdout += c.text;
          }
          break;
        case "execute_result": {
          const plain = (c.data as Record<string, unknown> | undefined)?.["text/plain"];
          if (typeof plain === "string") out.result = plain.slice(0, MAX_KERNEL_OUTPUT);
          break;
        }
        case "error":
          out.error = { ename: printable(String(c.ename ?? "")), evalue: printable(String(c.evalue ?? "")) };
          break;
        case "status":
          if (c.execution_state === "idle") idle = true;
          break;
        case "execute_reply":
          replied = true;
          out.status = c.status === "error" || c.status === "aborted" ? c.status : "ok";
          if (c.status === "error" && !out.error)
            out.error = {
              ename: printable(String(c.ename ?? "")),
              evalue: printable(String(c.evalue ?? "")),
            };
          break;
      }
      if (replied && idle) finish();
    }
  });
}
