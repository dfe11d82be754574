/**
 * AMF0, the value encoding of RTMP commands (connect, createStream, publish…) and of
 * the onMetaData data message. Only the types encoders actually send are supported;
 * anything else throws, which drops the connection (garbage never reaches our state).
 */
export type AmfValue = number | boolean | string | null | undefined | AmfObject | AmfValue[];
export interface AmfObject {
  [key: string]: AmfValue;
}

enum Marker {
  Number = 0x00,
  Boolean = 0x01,
  String = 0x02,
  Object = 0x03,
  Null = 0x05,
  Undefined = 0x06,
  EcmaArray = 0x08,
  ObjectEnd = 0x09,
  StrictArray = 0x0a,
  Date = 0x0b,
  LongString = 0x0c,
}

const MAX_DEPTH = 16;

export class AmfError extends Error {}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  need(n: number) {
    if (this.pos + n > this.buf.length) throw new AmfError('AMF0 value truncated');
  }
  u8() {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  f64() {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  str(len: number) {
    this.need(len);
    const v = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return v;
  }
  get done() {
    return this.pos >= this.buf.length;
  }
}

function readProperties(r: Reader, depth: number): AmfObject {
  const out: AmfObject = {};
  for (;;) {
    const key = r.str(r.u16());
    if (key === '' && r.u8() === Marker.ObjectEnd) return out;
    if (key === '') throw new AmfError('AMF0 object has an empty key');
    out[key] = readValue(r, depth + 1);
  }
}

function readValue(r: Reader, depth: number): AmfValue {
  if (depth > MAX_DEPTH) throw new AmfError('AMF0 value nested too deeply');
  const marker = r.u8();
  switch (marker) {
    case Marker.Number:
      return r.f64();
    case Marker.Boolean:
      return r.u8() !== 0;
    case Marker.String:
      return r.str(r.u16());
    case Marker.LongString:
      return r.str(r.u32());
    case Marker.Object:
      return readProperties(r, depth);
    case Marker.EcmaArray:
      r.u32(); // advisory count; the list is terminated like an object
      return readProperties(r, depth);
    case Marker.StrictArray: {
      const n = r.u32();
      if (n > 65536) throw new AmfError('AMF0 array too long');
      return Array.from({ length: n }, () => readValue(r, depth + 1));
    }
    case Marker.Null:
      return null;
    case Marker.Undefined:
      return undefined;
    case Marker.Date: {
      const ms = r.f64();
      r.u16(); // time zone, unused by the format in practice
      return ms;
    }
    default:
      throw new AmfError(`Unsupported AMF0 marker 0x${marker.toString(16)}`);
  }
}

/** Decodes every value in `buf` (a command is a sequence: name, transaction id, args…). */
export function decodeAmf0(buf: Buffer): AmfValue[] {
  const r = new Reader(buf);
  const values: AmfValue[] = [];
  while (!r.done) values.push(readValue(r, 0));
  return values;
}

function encodeString(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  const head = Buffer.alloc(3);
  head[0] = Marker.String;
  head.writeUInt16BE(body.length, 1);
  return Buffer.concat([head, body]);
}

function encodeKey(k: string): Buffer {
  const body = Buffer.from(k, 'utf8');
  const head = Buffer.alloc(2);
  head.writeUInt16BE(body.length, 0);
  return Buffer.concat([head, body]);
}

function encodeValue(v: AmfValue): Buffer {
  if (v === null) return Buffer.from([Marker.Null]);
  if (v === undefined) return Buffer.from([Marker.Undefined]);
  if (typeof v === 'number') {
    const b = Buffer.alloc(9);
    b[0] = Marker.Number;
    b.writeDoubleBE(v, 1);
    return b;
  }
  if (typeof v === 'boolean') return Buffer.from([Marker.Boolean, v ? 1 : 0]);
  if (typeof v === 'string') return encodeString(v);
  if (Array.isArray(v)) {
    const head = Buffer.alloc(5);
    head[0] = Marker.StrictArray;
    head.writeUInt32BE(v.length, 1);
    return Buffer.concat([head, ...v.map(encodeValue)]);
  }
  const parts = Object.entries(v).flatMap(([k, val]) => [encodeKey(k), encodeValue(val)]);
  return Buffer.concat([Buffer.from([Marker.Object]), ...parts, Buffer.from([0, 0, Marker.ObjectEnd])]);
}

export function encodeAmf0(...values: AmfValue[]): Buffer {
  return Buffer.concat(values.map(encodeValue));
}
