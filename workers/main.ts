// Worker process entry (`npm run worker`, and one of the parts `npm start` runs).
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { createServices } from '../lib/services';
import { createMailer } from '../activities/onboarding/email/mailer';
import { createLogger } from '../lib/logger';
import { workerMetrics } from '../lib/metrics/worker-metrics';
import { prometheusExporter } from '../lib/metrics/worker-exporter';
import { temporalConnectionOptions } from '../lib/temporal';
import { stopWhenParentDies } from '../lib/parent-watch';
import { activityDeps, createWorker } from './worker';
import { prebuiltWorkflowBundle } from './workflow-bundle-file';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  // The SDK's own logs (and workflow/activity loggers) go to the same JSON log, redaction included.
  // Its Prometheus exporter serves its runtime metrics and ours (lib/metrics/worker-exporter.ts).
  const exporter = prometheusExporter(config.metrics);
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => logger[levels[level]]({ ...meta }, message)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) }, ...(exporter ? { metrics: exporter.options } : {}) },
  });
  const metrics = workerMetrics(exporter ? Runtime.instance().metricMeter : undefined);
  const services = createServices(config, logger, metrics);
  // Prisma loads its query compiler (WebAssembly, ~0.15 s of CPU) on first use: here, before this
  // worker polls, rather than inside the first task it takes. Opens no database connection.
  await services.db.$connect();
  const mailer = createMailer({ smtpUrl: config.smtp.url, from: config.smtp.from });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  // Webpack at start only when the bundle built once (scripts/build-workflow-bundle.ts) is missing or stale.
  const workflowCode = prebuiltWorkflowBundle(config.worker.workflowBundlePath);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: activityDeps(config, services, mailer, metrics),
    workflowBundle: workflowCode.bundle,
    shutdownGraceMs: config.worker.shutdownGraceMs,
  });
  stopWhenParentDies(() => worker.shutdown());
  logger.info(
    { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, workflowCode: workflowCode.description, metricsUrl: exporter?.url },
    'worker started',
  );
  // run() resolves after SIGINT/SIGTERM (the Runtime's shutdown signals) once in-flight activities
  // finish, or are cancelled past WORKER_SHUTDOWN_GRACE_SECONDS.
  await worker.run();
  await connection.close();
  mailer.close();
  await services.close();
  logger.info('worker stopped');
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
