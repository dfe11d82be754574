import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * An unmasked, final WebSocket text frame (RFC 6455 §5.2) around `payload`, built once
 * per tick and written as-is to every socket: server frames are never masked, so the
 * bytes are the same for every viewer.
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

type WsInternals = { _socket?: Socket; _sender?: { _state?: number } };

/**
 * Writes a prepared frame straight to the socket under `ws`, saving ws's per-send
 * framing and cork/uncork for each of thousands of viewers. Safe only while ws has
 * nothing queued of its own (its sender is idle: the room never uses compression or
 * Blob data); otherwise, and if ws's internals ever change, it falls back to `ws.send`.
 */
export function writeFrame(ws: WebSocket, frame: Buffer, payload: Buffer): void {
  const { _socket: socket, _sender: sender } = ws as unknown as WsInternals;
  if (socket && sender?._state === 0 && socket.writable) socket.write(frame);
  else ws.send(payload, { binary: false });
}
