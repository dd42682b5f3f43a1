import { describe, expect, it } from 'vitest';
import { csvRecord, csvText } from '../../../src/domain/export/csv-record.ts';
import { exportLine, exportPreamble, type ExportedRequest } from '../../../src/domain/export/exported-request.ts';

describe('CSV records', () => {
  it('quotes a cell holding a comma, a double quote, CR or LF, and doubles its quotes (RFC 4180)', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'crlf\r\nend'])).toBe(
      'plain,"a,b","say ""hi""","line\nbreak","cr\rhere","crlf\r\nend"\r\n',
    );
  });

  it('writes NUL as U+FFFD, as ingest stores it', () => {
    expect(csvRecord(['a\u0000b', '\u0000'])).toBe('a\uFFFDb,\uFFFD\r\n');
  });

  it('puts an apostrophe before a text cell a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b'].map(csvText)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
      'a=b',
    ]);
  });

  it('leaves numbers, booleans and empty cells as they are', () => {
    expect(csvRecord([-1, 12.5, true, null, ''])).toBe('-1,12.5,true,,\r\n');
  });

  it('writes a hostile request byte for byte', () => {
    const row: ExportedRequest = {
      id: 'r1',
      timestamp: '2026-11-27T10:00:00.000Z',
      environment: 'production',
      bucket: 'orders',
      method: 'POST',
      host: 'api.example.com',
      path: '/a,b',
      route: '/a,b',
      query: 'q="x"',
      url: 'https://api.example.com/a,b?q="x"',
      status: 201,
      duration_ms: 12.5,
      request_size: 3,
      response_size: 0,
      client_ip: null,
      user_agent: '=HYPERLINK("http://evil.example","click")',
      blocked: false,
      blocked_reason: 'line one\r\nline two\u0000',
      request_headers: { 'content-type': 'text/csv' },
      request_body: 'a,b\n"c"',
      request_body_truncated: false,
      response_headers: {},
      response_body: null,
      response_body_truncated: false,
    };
    expect(exportPreamble('csv') + exportLine('csv', row)).toBe(
      'id,timestamp,environment,bucket,method,host,path,route,query,url,status,duration_ms,request_size,response_size,client_ip,user_agent,blocked,' +
        'blocked_reason,request_headers,request_body,request_body_truncated,response_headers,response_body,response_body_truncated\r\n' +
        'r1,2026-11-27T10:00:00.000Z,production,orders,POST,api.example.com,"/a,b","/a,b","q=""x""","https://api.example.com/a,b?q=""x""",201,12.5,3,0,,' +
        `"'=HYPERLINK(""http://evil.example"",""click"")",false,"line one\r\nline two\uFFFD","{""content-type"":""text/csv""}","a,b\n""c""",false,{},,false\r\n`,
    );
  });

  it('writes NDJSON lines that JSON.parse gives back exactly, NUL and newlines included', () => {
    const line = exportLine('ndjson', { id: 'x', user_agent: 'a\u0000\nb' } as unknown as ExportedRequest);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({ id: 'x', user_agent: 'a\u0000\nb' });
  });
});
