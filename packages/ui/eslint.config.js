// Lint for the UI: eslint-plugin-react-hooks' recommended rules (rules of hooks, complete effect
// dependencies, no refs read or written during render…). A handler or effect that sees an old
// render's state is the bug class this guards against. `npm test` runs it (src/lint.test.ts).
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  reactHooks.configs.flat.recommended,
  {
    rules: {
      // a missing dependency is an old render's state: an error, not a warning
      'react-hooks/exhaustive-deps': 'error',
    },
  },
];
