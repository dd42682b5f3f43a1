import { describe, expect, it } from 'vitest';
import type { Uint64 } from '../../../src/domain/otlp/otlp-messages.ts';
import { durationMs, unixNanosToMs } from '../../../src/domain/otlp/unix-nanos.ts';

/** A fixed64 as protobufjs hands it over (a Long): two signed 32-bit words. */
const words = (nanos: bigint): Uint64 => ({
  low: Number(BigInt.asIntN(32, nanos)),
  high: Number(BigInt.asIntN(32, nanos >> 32n)),
  unsigned: true,
});

/** A time in nanoseconds since the epoch with sub-microsecond digits, past 2^53 as every current time is. */
const NOW_NS = 1_795_000_000_123_456_789n;

describe('unix nanoseconds', () => {
  it('turns a time into whole milliseconds exactly, for times from the epoch to the largest fixed64', () => {
    for (const nanos of [0n, 999_999n, 1_000_000n, 2n ** 53n + 1n, NOW_NS, 2n ** 63n + 12_345n, 2n ** 64n - 1n])
      expect(unixNanosToMs(words(nanos))).toBe(Number(nanos / 1_000_000n));
  });

  it('turns a time given as a plain number into milliseconds', () => {
    expect(unixNanosToMs(1_700_000_000_000_000_000)).toBe(1_700_000_000_000);
  });

  it('keeps a duration exact to the nanosecond at current times, where a double of each time would not', () => {
    expect(Number(NOW_NS + 1n) - Number(NOW_NS)).not.toBe(1);
    expect(durationMs(words(NOW_NS), words(NOW_NS + 1n))).toBeCloseTo(0.000_001, 9);
    expect(durationMs(words(NOW_NS), words(NOW_NS + 12_345_678n))).toBeCloseTo(12.345_678, 9);
  });

  it('measures a duration across a change of the high word', () => {
    const start = 5n * 2n ** 32n - 1n;
    expect(durationMs(words(start), words(start + 2n))).toBeCloseTo(0.000_002, 9);
  });

  it('measures a span longer than 2^52 ns (52 days) through the exact path', () => {
    const days60 = 60n * 86_400n * 1_000_000_000n;
    expect(durationMs(words(NOW_NS), words(NOW_NS + days60))).toBe(Number(days60) / 1e6);
  });

  it('answers 0 for a span that ends before it starts', () => {
    expect(durationMs(words(NOW_NS + 5_000_000n), words(NOW_NS))).toBe(0);
  });

  it('answers 0 for a span without an end time, whether the end reads as a number or as zero words', () => {
    expect(durationMs(words(NOW_NS), 0)).toBe(0);
    expect(durationMs(words(NOW_NS), words(0n))).toBe(0);
  });
});
