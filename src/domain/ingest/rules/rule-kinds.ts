import { MaskStyle, PatternKind, RedactionTarget } from '../../../generated/prisma/enums.ts';

// The data model declares these closed sets once; the GraphQL enums and every check build on these lists,
// so a new kind added to prisma/schema.prisma reaches the API without a second list to keep in step.
export const REDACTION_TARGETS = Object.values(RedactionTarget);
export const MASK_STYLES = Object.values(MaskStyle);
export const PATTERN_KINDS = Object.values(PatternKind);
