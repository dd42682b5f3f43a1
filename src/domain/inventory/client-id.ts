/**
 * A client identifier as scanners send it (`claude_desktop`, `roo_code`). Open-ended on purpose: a scanner newer
 * than the server may know clients the server does not, and its snapshot must not be refused for that.
 */
export const CLIENT_ID = /^[a-z][a-z0-9_]{0,39}$/;
export const CLIENT_ID_RULE =
  'client must be a lower-case identifier (letters, digits and _, at most 40 characters, starting with a letter)';
