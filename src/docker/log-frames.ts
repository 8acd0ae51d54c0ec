import type { LogLine } from '../runtime/container-runtime.js';
import { parseDockerTime } from './from-docker.js';

/** One frame of Docker's multiplexed attach/logs stream. */
export interface DockerFrame {
  readonly stream: 'stdout' | 'stderr';
  readonly payload: Buffer;
}

const HEADER = 8;

/**
 * Splits Docker's multiplexed stream (8-byte header: stream type, 3 zero bytes, big-endian
 * payload size) into frames, across arbitrary chunk boundaries. A stream that does not start
 * with a valid header (a TTY container's raw output) is passed through as stdout. No I/O.
 */
export class DockerFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private raw = false;
  private sawHeader = false;

  /** Feeds a chunk; returns the frames it completes. */
  push(chunk: Buffer): DockerFrame[] {
    if (this.raw) return chunk.length === 0 ? [] : [{ stream: 'stdout', payload: chunk }];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: DockerFrame[] = [];
    while (this.pending.length >= HEADER) {
      const type = this.pending[0];
      const valid = (type === 0 || type === 1 || type === 2) && this.pending[1] === 0 && this.pending[2] === 0 && this.pending[3] === 0;
      if (!valid) {
        if (!this.sawHeader) {
          this.raw = true;
          const rest = this.pending;
          this.pending = Buffer.alloc(0);
          frames.push({ stream: 'stdout', payload: rest });
          return frames;
        }
        // A corrupt frame after valid ones: drop the byte and resynchronise.
        this.pending = this.pending.subarray(1);
        continue;
      }
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      this.sawHeader = true;
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: this.pending.subarray(HEADER, HEADER + size) });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return frames;
  }

  /** What is left at the end of the stream (a truncated frame's bytes, or a short raw stream). */
  end(): DockerFrame[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    if (rest.length === 0) return [];
    return !this.sawHeader ? [{ stream: 'stdout', payload: rest }] : [];
  }
}

/**
 * Assembles frames into {@link LogLine}s. With `timestamps`, each line starts with the engine's
 * RFC 3339 timestamp and a space (Docker's `timestamps=true`); the line's time is taken from it.
 * Without, or when a line has none, `fallbackTime` is used. No I/O.
 */
export class LogLineAssembler {
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(
    private readonly timestamps: boolean,
    private readonly fallbackTime: () => number,
  ) {}

  /** Feeds a frame; returns the lines it completes. */
  push(frame: DockerFrame): LogLine[] {
    const text = this.partial[frame.stream] + frame.payload.toString('utf8');
    const parts = text.split('\n');
    this.partial[frame.stream] = parts.pop() ?? '';
    return parts.map((line) => this.toLine(frame.stream, line));
  }

  /** Flushes unterminated lines at the end of the stream. */
  end(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') lines.push(this.toLine(stream, this.partial[stream]));
      this.partial[stream] = '';
    }
    return lines;
  }

  private toLine(stream: 'stdout' | 'stderr', raw: string): LogLine {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.timestamps) {
      const space = line.indexOf(' ');
      const stamp = space === -1 ? line : line.slice(0, space);
      const time = parseDockerTime(stamp);
      if (time !== undefined) return { time, stream, text: space === -1 ? '' : line.slice(space + 1) };
    }
    return { time: this.fallbackTime(), stream, text: line };
  }
}

/**
 * Splits a stream of newline-delimited JSON (the engine's event stream) into parsed values,
 * across chunk boundaries; unparseable lines are dropped. No I/O.
 */
export class JsonLinesDecoder {
  private pending = '';

  /** Feeds a chunk; returns the values it completes. */
  push(chunk: Buffer | string): unknown[] {
    const parts = (this.pending + chunk.toString()).split('\n');
    this.pending = parts.pop() ?? '';
    const values: unknown[] = [];
    for (const part of parts) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      try {
        values.push(JSON.parse(trimmed));
      } catch {
        // Not JSON: skip.
      }
    }
    return values;
  }
}
