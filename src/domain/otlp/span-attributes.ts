import type { AnyValue, KeyValue, Uint64 } from './otlp-messages.ts';

/** An attribute's value as this service reads it: scalars as they are, arrays of scalars as arrays. */
export type AttributeValue = string | number | boolean | (string | number | boolean)[];

const has = (value: AnyValue, member: keyof AnyValue) => Object.hasOwn(value, member);

/**
 * The member of the specification's `oneof value` that is set. protobufjs sets only the fields an export
 * carries (or a JSON body names) on the message itself; the prototype holds the defaults. Should a body set
 * several (not a valid AnyValue), the first in field order wins.
 */
function scalar(value: AnyValue | null | undefined): string | number | boolean | undefined {
  if (!value) return undefined;
  if (has(value, 'stringValue')) return value.stringValue;
  if (has(value, 'boolValue')) return value.boolValue;
  if (has(value, 'intValue')) return uint64ToNumber(value.intValue!);
  if (has(value, 'doubleValue')) return value.doubleValue;
  return undefined;
}

export function read(value: AnyValue | null | undefined): AttributeValue | undefined {
  const single = scalar(value);
  if (single !== undefined || !value || !has(value, 'arrayValue')) return single;
  return (value.arrayValue?.values ?? [])
    .map(scalar)
    .filter((item): item is string | number | boolean => item !== undefined);
}

/** Attributes by key; a key repeated in the list keeps its last value, as the OTLP spec allows receivers to do. */
export function attributeMap(attributes: readonly KeyValue[] | null | undefined): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const { key, value } of attributes ?? []) {
    const parsed = read(value);
    if (parsed !== undefined) map.set(key, parsed);
  }
  return map;
}

/** A value as text: a non-empty string, or a number written out; anything else is no text. */
export function textOf(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** A value as an integer: an integer, or text that is one. */
export function integerOf(value: AttributeValue | undefined): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** The first of `keys` that holds a non-empty string (or a number, as text). */
export function textAttribute(attributes: ReadonlyMap<string, AttributeValue>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const text = textOf(attributes.get(key));
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * `Number(uint64ToBigInt(value))` without BigInt: the high word times 2^32 is exact in a double, so adding the
 * low word rounds once, to the nearest as Number() of the BigInt does. An attribute's integer (a status, a
 * port) is read per span, and the BigInt route was a measurable part of reading one.
 */
export function uint64ToNumber(value: Uint64): number {
  if (typeof value === 'number') return Number(uint64ToBigInt(value));
  return (value.high >>> 0) * 4_294_967_296 + (value.low >>> 0);
}

/** Nanoseconds exactly: a fixed64 time is past 2^53, where a double would lose the last few hundred ns. */
export function uint64ToBigInt(value: Uint64): bigint {
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}
