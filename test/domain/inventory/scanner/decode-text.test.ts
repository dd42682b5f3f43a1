import { describe, expect, it } from 'vitest';
import { decodeConfigBytes } from '../../../../src/domain/inventory/scanner/decode-text.ts';

const text = '{ "mcpServers": { "é-server": { "command": "npx" } } }';
const utf16be = (value: string) => {
  const le = Buffer.from(value, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

describe('decoding a config file', () => {
  it('reads UTF-16 LE with a BOM, as Windows PowerShell writes it', () => {
    expect(decodeConfigBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
  });

  it('reads UTF-16 BE with a BOM, and UTF-16 without one', () => {
    expect(decodeConfigBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]))).toBe(text);
    expect(decodeConfigBytes(Buffer.from(text, 'utf16le'))).toBe(text);
    expect(decodeConfigBytes(utf16be(text))).toBe(text);
  });

  it('drops a UTF-8 BOM and reads plain UTF-8 as is', () => {
    expect(decodeConfigBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeConfigBytes(Buffer.from(text))).toBe(text);
  });
});
