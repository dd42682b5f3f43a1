import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('reads PORT with the same whole-number rule as every other number, naming it when wrong', () => {
    expect(loadConfig({ PORT: '8123' }).port).toBe(8123);
    expect(() => loadConfig({ PORT: '80.5' })).toThrow('PORT must be a whole number from 0 to 65535 (got "80.5")');
    expect(() => loadConfig({ PORT: '65536' })).toThrow('PORT must be a whole number from 0 to 65535 (got "65536")');
  });
});
