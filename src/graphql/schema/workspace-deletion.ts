import type { ReferenceCounts } from '../../domain/workspace/reference-counts.ts';
import { builder } from '../builder.ts';

/** What a delete removed with the environment or bucket (all zero unless it cascaded). */
export const WorkspaceDeletion = builder
  .objectRef<{ id: string; name: string; removed: ReferenceCounts }>('WorkspaceDeletion')
  .implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      requests: t.int({ description: 'Captured requests deleted with it.', resolve: (d) => d.removed.requests }),
      accessTokens: t.int({
        description: 'Access tokens deleted with an environment, or revoked because the bucket was their only one.',
        resolve: (d) => d.removed.accessTokens,
      }),
      events: t.int({ description: 'Events deleted with it.', resolve: (d) => d.removed.events }),
      rules: t.int({
        description: 'Redaction and exclusion rules limited to this bucket alone, deleted with it.',
        resolve: (d) => d.removed.rules,
      }),
    }),
  });
