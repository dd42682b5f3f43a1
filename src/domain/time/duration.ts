const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `90s`, `15m`, `2h`, `7d`, `2w` → milliseconds; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,6})\s*([smhdw])\s*$/.exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  if (amount === 0) return null;
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
