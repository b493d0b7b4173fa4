/**
 * The ask/tell calls a controller received, in order, as compact bytes: what a
 * policy controller's snapshot keeps instead of its weights (see
 * docs/controllers.md, "Snapshots").
 *
 * @module
 */

import type { ErrorPath } from '../errors.js';
import { badSnapshot, bytesToBase64, snapBase64 } from './validate.js';

/** One call: an `ask()`, or a `tell(id, ...)` with its reward (`null`: told `{ failed }`). */
export type AskTellEvent = { readonly kind: 'ask' } | { readonly kind: 'tell'; readonly id: number; readonly reward: number | null };

const ASK: AskTellEvent = { kind: 'ask' };

/**
 * An append-only record of ask/tell calls. Each call is one unsigned LEB128
 * varint `v`: 0 for an ask; `2 * id + 1` for a tell with a reward, followed by
 * the reward's 8 little-endian float64 bytes (exact); `2 * id + 2` for a tell
 * `{ failed }`. A trial (ask and tell) takes 10 bytes while its id is below
 * 64, 11 below 8,192 (as base64 text, 13 to 15 characters); a failed one 2 or 3.
 *
 * @example
 * const log = new AskTellLog();
 * log.ask();
 * log.tell(0, 0.93);
 * AskTellLog.decode(log.encode(), ['history']); // [{ kind: 'ask' }, { kind: 'tell', id: 0, reward: 0.93 }]
 */
export class AskTellLog {
  private bytes = new Uint8Array(256);
  private length = 0;

  /** Records an `ask()`. */
  ask(): void {
    this.varint(0);
  }

  /** Records a `tell(id, ...)`: `reward` is the reward told, `null` a failure. */
  tell(id: number, reward: number | null): void {
    if (reward === null) {
      this.varint(2 * id + 2);
      return;
    }
    this.varint(2 * id + 1);
    this.room(8);
    new DataView(this.bytes.buffer).setFloat64(this.length, reward, true);
    this.length += 8;
  }

  /** The calls so far as base64 text. */
  encode(): string {
    return bytesToBase64(this.bytes.subarray(0, this.length));
  }

  /** The calls of `text`, validated. @throws ControllerStateError naming `path` when malformed. */
  static decode(text: string, path: ErrorPath): AskTellEvent[] {
    return AskTellLog.read(snapBase64(text, path), path);
  }

  private static read(bytes: Uint8Array, path: ErrorPath): AskTellEvent[] {
    const events: AskTellEvent[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    let at = 0;
    while (at < bytes.length) {
      let v = 0;
      let scale = 1;
      for (;;) {
        const b = bytes[at++];
        if (b === undefined || scale > 2 ** 49) badSnapshot([...path, events.length], 'a complete varint below 2^53', 'truncated bytes');
        v += (b & 0x7f) * scale;
        scale *= 128;
        if (b < 0x80) break;
      }
      if (v === 0) {
        events.push(ASK);
      } else if (v % 2 === 0) {
        events.push({ kind: 'tell', id: (v - 2) / 2, reward: null });
      } else {
        if (at + 8 > bytes.length) badSnapshot([...path, events.length], 'a tell with its 8 reward bytes', 'truncated bytes');
        const reward = view.getFloat64(at, true);
        if (!Number.isFinite(reward)) badSnapshot([...path, events.length], 'a finite reward', reward);
        at += 8;
        events.push({ kind: 'tell', id: (v - 1) / 2, reward });
      }
    }
    return events;
  }

  private varint(value: number): void {
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
