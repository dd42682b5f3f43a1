import { Kind } from 'graphql';
import { isStorableTime, STORABLE_RANGE_TEXT } from '../domain/time/storable-time.ts';
import { UserInputError } from '../errors.ts';
import { builder } from './builder.ts';

builder.scalarType('DateTime', {
  description: 'An RFC 3339 timestamp; one without a zone is read as UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => parseDateTime(value),
});

builder.scalarType('BigInt', {
  description:
    'A whole number that may exceed 2^53, serialised as a JSON number when it fits and as a string otherwise.',
  serialize: (value) => {
    const big = BigInt(value);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
  },
  parseValue: (value) => {
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new UserInputError('BigInt must be a number or a string of digits');
    return BigInt(value);
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: function parse(ast): unknown {
    switch (ast.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        return ast.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(ast.value);
      case Kind.NULL:
        return null;
      case Kind.LIST:
        return ast.values.map((item) => parse(item));
      case Kind.OBJECT:
        return Object.fromEntries(ast.fields.map((field) => [field.name.value, parse(field.value)]));
      default:
        throw new UserInputError('JSON literals cannot contain variables');
    }
  },
});

export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw new UserInputError('A DateTime must be an RFC 3339 string');
  const text = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || !/T|\s\d/.test(value) ? value : `${value}Z`;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new UserInputError(`"${value}" is not an RFC 3339 timestamp`);
  if (!isStorableTime(date))
    throw new UserInputError(`"${value}" is outside the supported range ${STORABLE_RANGE_TEXT}`);
  return date;
}
