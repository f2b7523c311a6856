import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Which lib may import which (DESIGN.md): an import against these arrows fails the lint. */
const LIB_IMPORTS = {
  core: [],
  identity: ['core'],
  community: ['identity', 'core'],
  discussions: ['community', 'identity', 'core'],
  kennisbank: ['discussions', 'community', 'identity', 'core'],
  content: ['discussions', 'community', 'identity', 'core'],
  notifications: ['community', 'identity', 'core'],
};
const relativeLibImports = {
  group: ['**/libs/*/src/**', '../../libs/**', '../../../libs/**'],
  message: 'Import other libs through their alias (@kennisplein/…).',
};
const libBoundaries = Object.entries(LIB_IMPORTS).map(([lib, allowed]) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          relativeLibImports,
          {
            group: ['@kennisplein/*', ...allowed.map((other) => `!@kennisplein/${other}`)],
            message: `libs/${lib} may import only ${allowed.length ? allowed.join(', ') : 'no other lib'} (DESIGN.md).`,
          },
          { group: ['**/apps/**'], message: 'A lib never imports an app.' },
        ],
      },
    ],
  },
}));

/**
 * One way to the database: SQL, TypeORM repositories and the query builder live in a feature's
 * `x.repository.ts` (and in migrations); services, controllers, processors and gateways keep
 * the rules and call their repository.
 */
const ORM_METHODS = 'find|findOne|findOneBy|findBy|findAndCount|save|insert|update|delete|upsert|count|countBy|exists|existsBy|remove|softDelete|increment|decrement';
const sqlOutsideRepositories = {
  files: ['libs/**/*.ts', 'apps/**/*.ts', 'examples/**/*.ts'],
  ignores: ['**/*.repository.ts', '**/migrations/**', '**/*.spec.ts', 'apps/web/**', 'examples/*/test/**', 'libs/core/src/database/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...[
        ["CallExpression[callee.property.name='query']", 'SQL'],
        ["CallExpression[callee.property.name='createQueryBuilder']", 'the query builder'],
        ["CallExpression[callee.property.name='getRepository']", 'a TypeORM repository'],
        ["Decorator[expression.callee.name='InjectRepository']", 'a TypeORM repository'],
        [`CallExpression[callee.object.name='manager'][callee.property.name=/^(${ORM_METHODS})$/]`, 'an EntityManager query'],
      ].map(([selector, what]) => ({
        selector,
        message: `${what} belongs in the feature's x.repository.ts (or a migration): services keep the rules (docs/architecture.md).`,
      })),
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'apps/web/src/api/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest modules are classes with static factories and decorators only.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': ['error', { patterns: [relativeLibImports] }],
    },
  },
  ...libBoundaries,
  sqlOutsideRepositories,
  {
    // Tests read answers of supertest and socket clients, which are untyped.
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts', 'examples/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The browser client speaks only the public contract: nothing of libs/.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kennisplein/*', '**/libs/**'], message: 'The web client imports nothing from libs/: only the public contract.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
