/**
 * A client for ClamAV's clamd over TCP, speaking its documented zINSTREAM protocol (clamd(8)):
 * "zINSTREAM\0", then chunks each preceded by its length as a 4-byte big-endian integer, then a
 * zero length; clamd answers "stream: OK", "stream: <signature> FOUND" or "… ERROR", ended by \0.
 *
 * Hand-written rather than the `clamscan` package: that one probes for local binaries and sockets at
 * init and fails over between them, while here an unreachable clamd must refuse the upload (fail
 * closed), never fall back to something else or to no scan at all. The protocol is this small.
 */
import net from "node:net";

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** clamd could not be asked (down, unreachable, timed out, or it answered with an error). */
export class ScannerUnavailable extends Error {}

export type ClamdAddress = { host: string; port: number };

export function parseClamavUrl(url: string): ClamdAddress {
  const parsed = new URL(url);
  if (parsed.protocol !== "tcp:" || !parsed.hostname || !parsed.port) {
    throw new Error(`CLAMAV_URL phải có dạng tcp://máy:cổng (nhận được: ${url})`);
  }
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port) };
}

const CHUNK = 64 * 1024;

/** Sends one command and reads clamd's reply up to its terminating NUL. */
function converse(address: ClamdAddress, timeoutMs: number, write: (socket: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(address);
    const replies: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const reply = Buffer.concat(replies).toString("utf8").replace(/\0[\s\S]*$/, "").trim();
      if (error) reject(new ScannerUnavailable(error.message));
      else resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error("clamd không trả lời")));
    socket.on("connect", () => write(socket));
    socket.on("data", (chunk) => {
      replies.push(chunk);
      if (chunk.includes(0)) finish(null);
    });
    socket.on("end", () => finish(replies.length ? null : new Error("clamd đóng kết nối")));
    socket.on("error", (error) => finish(error));
  });
}

export async function clamdPing(address: ClamdAddress, timeoutMs = 2000): Promise<boolean> {
  try {
    return (await converse(address, timeoutMs, (s) => s.write("zPING\0"))) === "PONG";
  } catch {
    return false;
  }
}

export async function clamdScan(address: ClamdAddress, bytes: Uint8Array, timeoutMs = 30_000): Promise<ScanVerdict> {
  const reply = await converse(address, timeoutMs, (socket) => {
    socket.write("zINSTREAM\0");
    for (let at = 0; at < bytes.byteLength; at += CHUNK) {
      const chunk = bytes.subarray(at, Math.min(at + CHUNK, bytes.byteLength));
      const size = Buffer.alloc(4);
      size.writeUInt32BE(chunk.byteLength);
      socket.write(size);
      socket.write(chunk);
    }
    socket.write(Buffer.alloc(4)); // length 0: end of stream
  });
  if (/^stream: OK$/.test(reply)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1] };
  // "INSTREAM size limit exceeded. ERROR" and the like: not a verdict, so not a pass.
  throw new ScannerUnavailable(`clamd: ${reply || "không có câu trả lời"}`);
}
