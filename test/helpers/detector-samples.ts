import fc from 'fast-check';

/**
 * A pattern fast-check can generate whole matches from: lookarounds and word boundaries dropped (so it matches more than
 * the detector, and generated text is then checked against the detector itself) and the PEM
 * backreference spelled out. Case-insensitive detectors get their literal case; the gate ignores case.
 */
export function generatorPattern(pattern: RegExp): RegExp {
  let source = pattern.source.replace(/\(\?<?![^()]*\)/g, '').replace(/\\b/g, '');
  // A backreference (the PEM END line repeats the BEGIN label) pins its group to one label.
  if (source.includes('\\1'))
    source = source.replace(/\((?!\?)(?:[^()]|\([^()]*\))*\)/, 'RSA PRIVATE KEY').replace(/\\1/g, 'RSA PRIVATE KEY');
  return new RegExp(`^(?:${source})$`);
}

const SIZE = 65_536;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / Math.max(1, unit.length))).slice(0, SIZE);

/**
 * 64 KB texts built to make a backtracking pattern work hardest, from text that matches it: the match
 * repeated, repeated without its last character (every attempt fails at the end), each of a dozen
 * prefixes repeated (many starts that fail), a prefix followed by one character repeated (one long
 * failing run), and each of its characters alone repeated.
 */
export function hostileTexts(pattern: RegExp, samples = 4): string[] {
  const texts = new Set<string>();
  for (const sample of fc.sample(fc.stringMatching(generatorPattern(pattern)), { numRuns: samples, seed: 20 })) {
    texts.add(fill(sample));
    texts.add(fill(`${sample} `));
    texts.add(fill(sample.slice(0, -1)));
    const steps = Math.min(sample.length, 12);
    for (let step = 1; step <= steps; step++) {
      const k = Math.ceil((step * sample.length) / steps);
      texts.add(fill(sample.slice(0, k)));
      texts.add(sample.slice(0, k) + fill(sample[k] ?? 'a').slice(k));
    }
    for (const ch of new Set(sample)) texts.add(fill(ch));
  }
  return [...texts];
}

/**
 * The fastest of a few runs, in ms of this process's CPU time: the budget is for the work, not for the other
 * processes on the machine (a test file runs in its own worker process, so another suite running beside it
 * lengthens the wall clock but not this count). Backtracking that runs away shows in CPU time all the same.
 */
export function fastestRunMs(run: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}
