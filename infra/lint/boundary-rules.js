// @ts-check
// The architecture's import rules, enforced by ESLint's own no-restricted-imports:
// - widget/, api/, media/ and embed/ never import each other, only the shared contract in
//   protocol/ (so each can be built, deployed and replaced alone);
// - protocol/ imports none of them;
// - inside media/, the SIP layer never imports mediasoup or the mediasoup engine, and the
//   engine never imports the SIP layer (media sits behind a small interface, as in SIP.js).

const layers = ['widget', 'api', 'media', 'embed'];

/**
 * A layer's code lives in `<layer>/src`, `<layer>/config` or `<layer>/bench`; matching the
 * folder right after the `../` chain keeps a layer's own sub-folders (`widget/src/api/`,
 * `protocol/api/`) out of it.
 * @param {string[]} forbidden layer names
 * @param {string} why
 */
function forbidLayers(forbidden, why) {
  return {
    regex: `^(\\.\\./)+(${forbidden.join('|')})/(src|config|bench)(/|$)`,
    message: why,
  };
}

/** @type {import('eslint').Linter.Config[]} */
export const boundaryRules = [
  ...layers.map((layer) => ({
    files: [`${layer}/**/*.{ts,tsx,js,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbidLayers(
              layers.filter((other) => other !== layer),
              `${layer}/ may import only protocol/ (the shared contract), never another layer.`,
            ),
          ],
        },
      ],
    },
  })),
  {
    files: ['protocol/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [forbidLayers(layers, 'protocol/ is the contract: it imports no layer.')] },
      ],
    },
  },
  {
    files: ['media/src/sip/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mediasoup', message: 'The SIP layer knows nothing of mediasoup.' }],
          patterns: [
            forbidLayers(['widget', 'api', 'embed'], 'media/ may import only protocol/.'),
            {
              group: ['mediasoup/**', '**/engine/**'],
              message: 'The SIP layer talks to media only through the MediaEngine interface.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['media/src/engine/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbidLayers(['widget', 'api', 'embed'], 'media/ may import only protocol/.'),
            {
              group: ['**/sip/**', 'sip.js', 'sip.js/**'],
              message: 'The mediasoup engine knows nothing of SIP.',
            },
          ],
        },
      ],
    },
  },
];
