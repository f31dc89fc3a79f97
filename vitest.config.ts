import { defineConfig } from 'vitest/config';

// natural pulls in dotenv, which advertises on stdout unless told to be quiet.
process.env.DOTENV_CONFIG_QUIET = 'true';

const layers = '{core,ingest,enrich,index,alerts,reports,cli,stack}';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${layers}/**/*.test.ts`, 'test/pipeline/**/*.test.ts', 'test/hostile/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contracts/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // Integration tests share one Kafka and one Elasticsearch on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
