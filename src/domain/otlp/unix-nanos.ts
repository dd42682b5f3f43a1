import type { Uint64 } from './otlp-messages.ts';
import { uint64ToBigInt } from './span-attributes.ts';

/** 2^32 = 4294 * 10^6 + 967296: splits a 64-bit count of nanoseconds into whole milliseconds without BigInt. */
const MS_PER_HIGH_WORD = 4294;
const NS_REMAINDER_PER_HIGH_WORD = 967_296;

/**
 * Whole milliseconds of a fixed64 nanosecond time, exactly (floor). protobufjs hands fixed64 over as a
 * Long's two 32-bit words; the split keeps every product below 2^53, where a double of the whole count
 * would round the last few hundred ns and could cross a millisecond. BigInt gave the same at several times
 * the cost per span.
 */
export function unixNanosToMs(value: Uint64): number {
  if (typeof value === 'number') return Number(uint64ToBigInt(value) / 1_000_000n);
  const high = value.high >>> 0;
  return high * MS_PER_HIGH_WORD + Math.floor((high * NS_REMAINDER_PER_HIGH_WORD + (value.low >>> 0)) / 1e6);
}

/** End minus start in ms, 0 if the end is not after the start; exact in the words unless the span lasts past 2^52 ns (52 days). */
export function durationMs(start: Uint64, end: Uint64): number {
  if (typeof start !== 'number' && typeof end !== 'number') {
    const highs = (end.high >>> 0) - (start.high >>> 0);
    if (Math.abs(highs) < 1 << 20) {
      const nanos = highs * 4_294_967_296 + ((end.low >>> 0) - (start.low >>> 0));
      return nanos > 0 ? nanos / 1e6 : 0;
    }
  }
  const from = uint64ToBigInt(start);
  const to = uint64ToBigInt(end);
  return to > from ? Number(to - from) / 1e6 : 0;
}
