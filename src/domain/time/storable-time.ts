/**
 * The times trafficgraph stores: JavaScript dates reach ±275,760 years and PostgreSQL's range stops at
 * 4713 BC, so a year such as -004713 or +275760 failed the whole insert (a 500 for a batch of records).
 * Every caller-supplied time (GraphQL DateTime arguments, ingest record timestamps) is held to one range.
 */
export const EARLIEST_STORABLE_TIME = new Date('1900-01-01T00:00:00.000Z');
export const LATEST_STORABLE_TIME = new Date('9999-12-31T23:59:59.999Z');

export const STORABLE_RANGE_TEXT = '1900-01-01 to 9999-12-31 (UTC)';

export function isStorableTime(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_STORABLE_TIME.getTime() && ms <= LATEST_STORABLE_TIME.getTime();
}

/** A timestamp text that parses and falls within the storable range. */
export function isStorableTimeText(text: string): boolean {
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && isStorableTime(new Date(ms));
}
