/** The minute last formatted, and its text up to the seconds ("2026-11-27T23:07:"). */
let minuteStartMs = Number.NaN;
let minuteText = '';

/** The earliest and latest times whose ISO text has a four-digit year, the shape the shortcut writes. */
const FOUR_DIGIT_YEARS = {
  from: Date.parse('0000-01-01T00:00:00.000Z'),
  until: Date.parse('+010000-01-01T00:00:00.000Z'),
};

/**
 * `new Date(ms).toISOString()`, the same text, for whole milliseconds. The spans of one export nearly always
 * fall in the same minute, so the date and hour are formatted once a minute and only the seconds per span:
 * toISOString cost about 0.6 µs a span here, most of what mapping a span into a record took.
 */
export function isoTimeOfMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < FOUR_DIGIT_YEARS.from || ms >= FOUR_DIGIT_YEARS.until)
    return new Date(ms).toISOString();
  const minuteStart = ms - (((ms % 60_000) + 60_000) % 60_000);
  if (minuteStart !== minuteStartMs) {
    minuteText = new Date(minuteStart).toISOString().slice(0, 17);
    minuteStartMs = minuteStart;
  }
  const inMinute = ms - minuteStart;
  const seconds = Math.floor(inMinute / 1000);
  const millis = inMinute - seconds * 1000;
  return `${minuteText}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
