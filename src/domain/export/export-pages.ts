/** One page of a cursor-paged search, as any surface fetches it. */
export interface ExportPage<Row> {
  rows: readonly Row[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The search's own page size limit: an export is the search, paged. */
export const EXPORT_PAGE_SIZE = 100;

/**
 * Pages through a search until `limit` rows or the last page, yielding page by page so no surface ever holds
 * more than one page. `more` on the last yield says whether rows beyond the limit matched.
 */
export async function* exportPages<Row>(
  fetchPage: (after: string | null, first: number) => Promise<ExportPage<Row>>,
  limit: number,
): AsyncGenerator<{ rows: readonly Row[]; more: boolean }> {
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const page = await fetchPage(after, Math.min(EXPORT_PAGE_SIZE, limit - written));
    const rows = page.rows.slice(0, limit - written);
    written += rows.length;
    const last = !page.hasNextPage || !page.endCursor || written >= limit;
    yield { rows, more: last ? written >= limit && (page.hasNextPage || page.rows.length > rows.length) : true };
    if (last) return;
    after = page.endCursor;
  }
}
