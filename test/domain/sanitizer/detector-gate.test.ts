import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTOR_GATE } from '../../../src/domain/sanitizer/detector-gate.ts';
import { DETECTORS } from '../../../src/domain/sanitizer/detectors.ts';
import { generatorPattern } from '../../helpers/detector-samples.ts';
import { fakeSecrets } from '../../helpers/fake-secrets.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

describe('the detector gate', () => {
  it.each(DETECTORS.map((detector) => [detector.name, detector] as const))(
    'finds every match of %s',
    (_name, detector) => {
      let checked = 0;
      fc.assert(
        fc.property(fc.stringMatching(generatorPattern(detector.pattern)), (text) => {
          detector.pattern.lastIndex = 0;
          if (!detector.pattern.test(text)) return;
          checked++;
          expect(DETECTOR_GATE.test(text), text).toBe(true);
        }),
        { numRuns: RUNS },
      );
      // The generated text must really exercise the detector, or the property proves nothing.
      expect(checked).toBeGreaterThan(RUNS / 4);
    },
  );

  it.each(fakeSecrets().map((fake) => [fake.format, fake] as const))('lets a fake %s through', (_format, fake) => {
    expect(DETECTOR_GATE.test(fake.value)).toBe(true);
  });

  it.each([
    'application/json; charset=utf-8',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    '{"amount":1234,"currency":"usd","customer":"cus_1a2b3c4d5e6f7a"}',
    '/api/users/usr_8f3a2c91/orders/42',
    '3f2b8c1e-9d4a-4e7b-8c2d-1a2b3c4d5e6f',
  ])('spares ordinary text the detectors: %s', (text) => {
    expect(DETECTOR_GATE.test(text)).toBe(false);
  });
});
