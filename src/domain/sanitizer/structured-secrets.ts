import { placeholderForName } from './detectors.ts';
import { PLACEHOLDER } from './placeholders.ts';

/**
 * Secrets no format detector can see: values of unknown format under secret-looking JSON keys, and card
 * numbers. Both patterns are linear: a bounded key, one way to read each value character, and a card
 * number of at most 19 digits anchored by look-arounds.
 */

// "key": "value" in JSON text; the value is read up to its closing quote, escapes included.
const JSON_STRING_FIELD = /"([A-Za-z0-9_.$-]{1,64})"[ \t\r\n]{0,16}:[ \t\r\n]{0,16}"((?:[^"\\]|\\.)*)"/g;
const BENIGN = /^(true|false|yes|no|on|off|none|null|\d{1,6}|\[REDACTED_[A-Z_]+\]|\*{4}.{0,4}|sha256:[0-9a-f]{16})$/i;
const REFERENCE = /^(\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]+\}\})$/;

/** `"password": "hunter2"`, `"api_key": "…"`, `"accessToken": "…"`: the value is replaced, whatever it looks like. */
export function redactJsonSecretFields(text: string, tally: { n: number }): string {
  if (!text.includes('":')) return text;
  return text.replace(JSON_STRING_FIELD, (match, name: string, value: string) => {
    const placeholder = placeholderForName(name);
    if (
      placeholder === null ||
      value === '' ||
      BENIGN.test(value) ||
      REFERENCE.test(value) ||
      /^https?:\/\/[^\s@]+$/i.test(value)
    )
      return match;
    tally.n++;
    return `"${name}":"${placeholder}"`;
  });
}

// 13 to 19 digits, optionally grouped by spaces or dashes, starting like a card (2-6), not inside a word
// or a decimal number.
const CARD_NUMBER = /(?<![\w.])[2-6](?:[ -]?\d){12,18}(?![\w]|\.\d)/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Card numbers anywhere (`cardNumber`, `card_number`, `card=4111…`); the Luhn check spares ordinary long numbers. */
export function redactCardNumbers(text: string, tally: { n: number }): string {
  if (!/\d{4}/.test(text)) return text;
  return text.replace(CARD_NUMBER, (match) => {
    const digits = match.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return match;
    tally.n++;
    return PLACEHOLDER.card;
  });
}
