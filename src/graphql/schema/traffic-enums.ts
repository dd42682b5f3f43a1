import { STATUS_CLASS_TABLE } from '../../domain/analytics/status-classes.ts';
import { INTERVALS } from '../../domain/time/intervals.ts';
import { builder } from '../builder.ts';

/**
 * Resolvers see an interval as its length in seconds, what the series SQL takes; GraphQL callers see the
 * table's names. A series answering a length outside the table fails to serialize rather than invent a name.
 */
export const IntervalEnum = builder.enumType('Interval', {
  description: 'The length of one point of a series.',
  values: Object.fromEntries(
    INTERVALS.map(({ name, label, seconds }) => [name, { value: seconds as number, description: label }]),
  ),
});

/** Resolvers see a status class as the domain's label (`4xx`); GraphQL callers see its RFC 9110 name. */
export const StatusClassEnum = builder.enumType('StatusClass', {
  description: 'A class of HTTP status codes (RFC 9110, section 15).',
  values: Object.fromEntries(STATUS_CLASS_TABLE.map(({ name, label }) => [name, { value: label, description: label }])),
});
