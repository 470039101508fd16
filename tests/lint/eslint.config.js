// eslint (flat config) for the default theme's script modules. kumo-deck concatenates
// themes/default/js/*.js in name order into one deck.js, each module in its own function, all
// sharing one object `kd` (src/render/script.rs): so each file is linted as a script of the
// browser whose only shared global is `kd`. ES5-level syntax: the theme runs unbundled,
// untranspiled, in any browser of the last years and from file://.
'use strict';
const js = require('@eslint/js');

const browser = {
  window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly',
  navigator: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly',
  getComputedStyle: 'readonly', requestAnimationFrame: 'readonly', setTimeout: 'readonly',
  clearTimeout: 'readonly', setInterval: 'readonly', URL: 'readonly', JSON: 'readonly',
  ResizeObserver: 'readonly', BroadcastChannel: 'readonly',
};

module.exports = [
  {
    files: ['themes/default/js/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 5,
      sourceType: 'script',
      // each module runs inside its own function (src/render/script.rs): its top level is a
      // function scope, so unused top-level functions and variables are found too
      parserOptions: { ecmaFeatures: { globalReturn: true } },
      globals: { ...browser, kd: 'writable' },
    },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { vars: 'all', args: 'none', caughtErrors: 'none' }],
      'no-shadow': 'error',
      'no-var': 'off',
      'eqeqeq': ['error', 'always'],
      'no-implied-eval': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'strict': ['error', 'never'],
    },
  },
];
