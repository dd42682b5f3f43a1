import { UserInputError } from '../../errors.ts';

/** Environment and bucket names appear in CLI flags, URLs and MCP arguments, so they stay plain. */
export const NAME_RULE = {
  maxLength: 64,
  pattern: /^[a-z0-9][a-z0-9._-]*$/,
  description: "lowercase letters, digits, '-', '_' and '.', starting with a letter or digit",
} as const;

export type WorkspaceKind = 'Environment' | 'Bucket';

/** The trimmed name, or a UserInputError naming the rule it breaks. */
export function validateWorkspaceName(kind: WorkspaceKind, value: string, argument: string): string {
  const name = value.trim();
  if (name.length === 0) throw new UserInputError(`${kind} name must not be empty`, argument);
  if (name.length > NAME_RULE.maxLength) {
    throw new UserInputError(
      `${kind} name "${name.slice(0, 20)}…" is ${name.length} characters long; at most ${NAME_RULE.maxLength} are allowed`,
      argument,
    );
  }
  if (!NAME_RULE.pattern.test(name)) {
    throw new UserInputError(`${kind} name "${name}" may contain only ${NAME_RULE.description}`, argument);
  }
  return name;
}

/** Descriptions are free text; only their length is bounded. */
export function validateDescription(value: string | null | undefined, argument: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  const description = value.trim();
  if (description.length > 500)
    throw new UserInputError(`description is ${description.length} characters long; at most 500 are allowed`, argument);
  return description === '' ? null : description;
}

export interface WorkspaceChanges {
  name?: string | null | undefined;
  description?: string | null | undefined;
}

/**
 * The validated data of a create or update: `findTaken` looks for another row of the same kind with a name
 * (null when it is free), so uniqueness is checked the same way for environments and buckets.
 */
export async function validatedChanges(
  kind: WorkspaceKind,
  changes: WorkspaceChanges,
  currentName: string | null,
  findTaken: (name: string) => Promise<{ id: string } | null>,
): Promise<{ name?: string; description?: string | null }> {
  const name =
    changes.name === null || changes.name === undefined ? undefined : validateWorkspaceName(kind, changes.name, 'name');
  if (name !== undefined && name !== currentName && (await findTaken(name))) {
    const noun = kind.toLowerCase();
    throw new UserInputError(
      `${kind === 'Environment' ? 'An' : 'A'} ${noun} named "${name}" already exists; ${noun} names are unique`,
      'name',
    );
  }
  const description = validateDescription(changes.description, 'description');
  return { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}) };
}
