/** One record as POST /api/v1/ingest takes it: a GET of order `id` in bucket orders, timed now. */
export const ingestRecord = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  bucket: 'orders',
  method: 'GET',
  url: `https://api.example.com/v1/orders/${id}`,
  status: 200,
  duration_ms: 12,
  timestamp: new Date().toISOString(),
  ...overrides,
});
