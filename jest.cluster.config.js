// `npm run test:cluster`: the production topology test (test/cluster), apart from `npm test`
// because it takes minutes and its first run builds the Temporal server with Go. It starts its
// own Postgres, MailDev and Temporal server, so it needs none of the integration project's setup.
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/test/support/quiet-sdk.ts'],
    },
  ],
  testTimeout: 1_200_000,
};
