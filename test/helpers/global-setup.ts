// Placeholder: replaced by the services setup (env, Testcontainers, local stack).
export default async function setup(): Promise<void> {
  if (!process.env.KAFKA_BROKERS || !process.env.ELASTICSEARCH_URL) {
    throw new Error('integration tests need KAFKA_BROKERS and ELASTICSEARCH_URL (local stack setup not written yet)');
  }
}
