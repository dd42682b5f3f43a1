import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLResolveInfo,
  type SelectionNode,
} from 'graphql';

function included(selection: SelectionNode, variables: GraphQLResolveInfo['variableValues']): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}

/**
 * Whether the current field's selection asks for `name` directly (honouring @include and @skip). A
 * fragment counts as asking (it may), so the answer errs toward doing the work.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some(
    (node) =>
      node.selectionSet?.selections.some(
        (selection) =>
          included(selection, info.variableValues) && (selection.kind !== Kind.FIELD || selection.name.value === name),
      ) ?? false,
  );
}
