// Docker stream decoding (multiplexed frames, log lines, event JSON lines): no engine needed.
// Internal module (not part of podkit/docker's API), imported by path.
import { describe, expect, it } from 'vitest';
import { DockerFrameDecoder, JsonLinesDecoder, LogLineAssembler } from '../../src/docker/log-frames.js';

const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('DockerFrameDecoder', () => {
  it('splits stdout and stderr frames', () => {
    const d = new DockerFrameDecoder();
    const frames = d.push(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
  });

  it('reassembles frames split across chunks at any byte', () => {
    const all = Buffer.concat([frame(1, 'hello\n'), frame(2, 'world\n'), frame(1, 'x')]);
    for (let cut = 1; cut < all.length; cut++) {
      const d = new DockerFrameDecoder();
      const frames = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut)), ...d.end()];
      expect(frames.map((f) => f.payload.toString()).join('|')).toBe('hello\n|world\n|x');
    }
  });

  it('passes a raw (TTY) stream through as stdout', () => {
    const d = new DockerFrameDecoder();
    expect(d.push(Buffer.from('plain text output\n')).map((f) => [f.stream, f.payload.toString()])).toEqual([['stdout', 'plain text output\n']]);
    expect(d.push(Buffer.from('more')).map((f) => f.payload.toString())).toEqual(['more']);
  });

  it('returns a short raw stream at the end', () => {
    const d = new DockerFrameDecoder();
    expect(d.push(Buffer.from('hi'))).toEqual([]);
    expect(d.end().map((f) => f.payload.toString())).toEqual(['hi']);
  });
});

describe('LogLineAssembler', () => {
  it('splits lines per stream and reads the engine timestamp of each', () => {
    const a = new LogLineAssembler(true, () => 0);
    const lines = [
      ...a.push({ stream: 'stdout', payload: Buffer.from('2024-05-01T10:00:00.123456789Z hello world\n2024-05-01T10:00:01Z sec') }),
      ...a.push({ stream: 'stderr', payload: Buffer.from('2024-05-01T10:00:00.5Z oops\n') }),
      ...a.push({ stream: 'stdout', payload: Buffer.from('ond\n') }),
    ];
    expect(lines).toEqual([
      { time: Date.UTC(2024, 4, 1, 10, 0, 0, 123), stream: 'stdout', text: 'hello world' },
      { time: Date.UTC(2024, 4, 1, 10, 0, 0, 500), stream: 'stderr', text: 'oops' },
      { time: Date.UTC(2024, 4, 1, 10, 0, 1), stream: 'stdout', text: 'second' },
    ]);
  });

  it('flushes an unterminated last line at the end, and strips a trailing CR', () => {
    const a = new LogLineAssembler(true, () => 0);
    expect(a.push({ stream: 'stdout', payload: Buffer.from('2024-05-01T10:00:00Z windows\r\n2024-05-01T10:00:00Z last') })).toEqual([
      { time: Date.UTC(2024, 4, 1, 10), stream: 'stdout', text: 'windows' },
    ]);
    expect(a.end()).toEqual([{ time: Date.UTC(2024, 4, 1, 10), stream: 'stdout', text: 'last' }]);
  });

  it('uses the fallback time for lines without a timestamp', () => {
    const a = new LogLineAssembler(false, () => 42);
    expect(a.push({ stream: 'stdout', payload: Buffer.from('2024-05-01T10:00:00Z kept as text\n') })).toEqual([
      { time: 42, stream: 'stdout', text: '2024-05-01T10:00:00Z kept as text' },
    ]);
  });
});

describe('JsonLinesDecoder', () => {
  it('parses newline-delimited JSON across chunks and drops garbage', () => {
    const d = new JsonLinesDecoder();
    expect(d.push('{"a":1}\n{"b"')).toEqual([{ a: 1 }]);
    expect(d.push(':2}\nnot json\n\n{"c":3}\n')).toEqual([{ b: 2 }, { c: 3 }]);
  });
});
