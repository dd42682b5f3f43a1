import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from '../../../src/domain/otlp/decode-trace-request.ts';
import { OTLP_TRACE_DESCRIPTOR } from '../../../src/domain/otlp/otlp-descriptor.ts';
import { uint64ToBigInt, uint64ToNumber } from '../../../src/domain/otlp/span-attributes.ts';

/** One attribute of each kind of value, as an exporter writes them in OTLP/JSON. */
const ATTRIBUTES = [
  { key: 'text', value: { stringValue: 'GET' } },
  { key: 'empty', value: { stringValue: '' } },
  { key: 'flag', value: { boolValue: false } },
  { key: 'count', value: { intValue: '503' } },
  { key: 'ratio', value: { doubleValue: 0.25 } },
  { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }, { boolValue: true }] } } },
  { key: 'unset', value: {} },
];

/**
 * The request message with AnyValue's `oneof value` declared as the specification has it, so that, like the
 * SDKs' encoders, it writes a member set to its zero value ("" or false); the service's descriptor leaves
 * the oneof out and must still read those.
 */
function specificationRequestType(): protobuf.Type {
  const root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR);
  const anyValue = root.lookupType('opentelemetry.proto.common.v1.AnyValue');
  anyValue.add(
    new protobuf.OneOf('value', [
      'stringValue',
      'boolValue',
      'intValue',
      'doubleValue',
      'arrayValue',
      'kvlistValue',
      'bytesValue',
    ]),
  );
  root.resolveAll();
  return root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
}

const exportOf = (attributes: unknown) => ({ resourceSpans: [{ resource: { attributes } }] });
const resourceAttributes = (resources: ReturnType<typeof decodeTraceRequest>) => resources[0]!.attributes;

describe('attribute values of a decoded export', () => {
  it('reads the member that is set, zero values included, the same from protobuf and from JSON', () => {
    const request = specificationRequestType();
    const body = request.encode(request.fromObject(exportOf(ATTRIBUTES))).finish();
    const expected = new Map<string, unknown>([
      ['text', 'GET'],
      ['empty', ''],
      ['flag', false],
      ['count', 503],
      ['ratio', 0.25],
      ['list', ['a', 2, true]],
    ]);
    expect(resourceAttributes(decodeTraceRequest(body, 'protobuf'))).toEqual(expected);
    expect(resourceAttributes(decodeTraceRequest(Buffer.from(JSON.stringify(exportOf(ATTRIBUTES))), 'json'))).toEqual(
      expected,
    );
  });
});

describe('a 64-bit integer as a number', () => {
  it('is the number of its BigInt for any two words, past 2^53 included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        (high, low) => {
          const value = { high, low, unsigned: false };
          expect(uint64ToNumber(value)).toBe(Number(uint64ToBigInt(value)));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
