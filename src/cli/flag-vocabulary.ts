/**
 * GraphQL errors name GraphQL arguments (`allBuckets: true`, `expiresIn`); a CLI user typed flags. Each
 * command says which flag sets which field, and input errors are reworded before they are printed. Only
 * input errors are touched: a "not found" message quotes names the user gave, which must stay as they are.
 */
export type FlagVocabulary = readonly (readonly [RegExp, string])[];

export function inCliTerms(message: string, code: string | undefined, vocabulary: FlagVocabulary): string {
  if (code !== 'BAD_USER_INPUT') return message;
  return vocabulary.reduce((text, [pattern, flag]) => text.replace(pattern, flag), message.replace(/^input\./, ''));
}

/** `{ allBuckets: '--all-buckets' }`: the field, alone or as `allBuckets: true`, becomes the flag. */
export function fieldFlags(fields: Record<string, string>): FlagVocabulary {
  return Object.entries(fields).map(
    ([field, flag]) => [new RegExp(`\\b(?:input\\.)?${field}(?:: true)?\\b`, 'g'), flag] as const,
  );
}
