/** The seed's placeholders, plus one for private key blocks. */
export const PLACEHOLDER = {
  apiKey: '[REDACTED_API_KEY]',
  token: '[REDACTED_TOKEN]',
  password: '[REDACTED_PASSWORD]',
  connectionString: '[REDACTED_CONNECTION_STRING]',
  awsKey: '[REDACTED_AWS_KEY]',
  privateKey: '[REDACTED_PRIVATE_KEY]',
  pii: '[REDACTED_PII]',
  card: '[REDACTED_CARD]',
} as const;

/** Matches text that is already a placeholder, so a second pass neither changes nor counts it. */
export const ALREADY_REDACTED = /^\[REDACTED_[A-Z_]+\]$/;

/** What capture-time mask styles write (partial keep-last-4, hash): already masked by a rule, left as is. */
export const MASKED_BY_RULE = /^(\*{4}.{0,4}|sha256:[0-9a-f]{16})$/;
