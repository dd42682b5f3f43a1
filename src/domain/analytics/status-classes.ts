/**
 * The HTTP status classes, declared once: the RFC 9110 name GraphQL gives each (an enum value cannot start
 * with a digit) and the label the domain, MCP, REST and the console use. The GraphQL enum, the MCP and REST
 * arguments and the SQL conditions all read this table.
 */
export const STATUS_CLASS_TABLE = [
  { name: 'INFORMATIONAL', label: '1xx' },
  { name: 'SUCCESS', label: '2xx' },
  { name: 'REDIRECTION', label: '3xx' },
  { name: 'CLIENT_ERROR', label: '4xx' },
  { name: 'SERVER_ERROR', label: '5xx' },
] as const;

type StatusClassRow = (typeof STATUS_CLASS_TABLE)[number];
export type StatusClass = StatusClassRow['label'];
export type StatusClassName = StatusClassRow['name'];

export const STATUS_CLASSES = STATUS_CLASS_TABLE.map((row) => row.label) as [StatusClass, ...StatusClass[]];

/** The classes of error responses: what errors, top error groups and get_errors narrow to. */
export const ERROR_STATUS_CLASSES = ['4xx', '5xx'] as const satisfies readonly StatusClass[];
export type ErrorStatusClass = (typeof ERROR_STATUS_CLASSES)[number];

export const isErrorStatusClass = (label: StatusClass): label is ErrorStatusClass =>
  (ERROR_STATUS_CLASSES as readonly StatusClass[]).includes(label);

export const isStatusClass = (label: string): label is StatusClass =>
  (STATUS_CLASSES as readonly string[]).includes(label);

export const statusClassName = (label: StatusClass): StatusClassName =>
  STATUS_CLASS_TABLE.find((row) => row.label === label)!.name;

/** The class of a status code from 100 to 599 (what ingest accepts). */
export function statusClassOf(status: number): StatusClass {
  const label = `${Math.floor(status / 100)}xx`;
  if (!isStatusClass(label)) throw new RangeError(`status ${status} is outside the HTTP status classes`);
  return label;
}
