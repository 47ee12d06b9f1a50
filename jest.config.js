// Three projects: unit tests need nothing running; integration tests share one embedded Postgres
// and one SMTP catcher started by globalSetup, and each file starts its own Temporal dev server;
// browser tests drive Chromium (Playwright) through the web pages against that same real stack
// (Jest runs a globalSetup module shared by projects once).
// `npm test` runs them in band (--runInBand): Temporal workers and servers per file would
// otherwise fight over two cores and ports.
/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/test/support/quiet-sdk.ts'],
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/quiet-sdk.ts'],
    },
    {
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/quiet-sdk.ts'],
    },
  ],
  // Servers start, workflows bundle, stacks restart: generous, so a slow CI machine is not a failure.
  testTimeout: 120000,
};
