/**
 * Config files are mostly UTF-8, but Windows PowerShell's `Out-File` and `>` write UTF-16 LE with a BOM, and
 * some editors add a UTF-8 BOM. Read as UTF-8 blindly, UTF-16 text is full of NUL characters and fails to parse,
 * so the encoding is decided from the BOM, or from the NUL pattern of BOM-less UTF-16 ASCII text.
 */
export function decodeConfigBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 4) {
    // JSON, TOML and YAML start with ASCII: '{' 0x00 is UTF-16 LE, 0x00 '{' is UTF-16 BE.
    if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0)
      return new TextDecoder('utf-16le').decode(bytes);
    if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0)
      return new TextDecoder('utf-16be').decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}
