// The Temporal SDK logs worker state changes at INFO to the console; tests only want errors (expected activity failures would log warnings).
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('ERROR') });
