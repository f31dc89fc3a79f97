import { defineConfig } from 'vitest/config';

// natural pulls in dotenv, which advertises on stdout unless told to be quiet.
process.env.DOTENV_CONFIG_QUIET = 'true';

const layers = '{core,notify,ingest,enrich,index,alerts,reports,desk,cli,stack}';

// The chaos suite starts its own Kafka and Elasticsearch and runs about 8 minutes: only when
// asked for (`npm run test:chaos` = `vitest run --project chaos`), never in a plain `npm test`.
const argv = process.argv;
const chaosAsked = argv.includes('--project=chaos') || argv.some((a, i) => a === 'chaos' && argv[i - 1] === '--project');
const chaos = {
  test: {
    name: 'chaos',
    include: ['test/chaos/**/*.test.ts'],
    // quick.test.ts is the CI subset, run by the integration project; lib/ tests are unit tests.
    exclude: ['test/chaos/quick.test.ts', 'test/chaos/lib/**'],
    testTimeout: 900_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${layers}/**/*.test.ts`, 'bench/**/*.test.ts', 'test/architecture/**/*.test.ts', 'test/hostile/**/*.test.ts', 'test/helpers/**/*.test.ts', 'test/chaos/lib/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contracts/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/chaos/quick.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // Integration tests share one Kafka and one Elasticsearch on a 2-core machine.
          fileParallelism: false,
        },
      },
      ...(chaosAsked ? [chaos] : []),
    ],
  },
});
