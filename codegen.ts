import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for every operation a surface executes (CLI, MCP tools, REST shims): each `.graphql`
 * file under src/ becomes a TypedDocumentNode in src/generated/graphql.ts, checked against schema.graphql.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: { DateTime: 'string', JSON: 'unknown', BigInt: 'number | string', ID: 'string' },
        strictScalars: true,
      },
    },
  },
  hooks: {},
};

export default config;
