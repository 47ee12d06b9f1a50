// The development mail catcher (MailDev): an SMTP server on loopback and a browsable inbox with a
// REST API (`GET /api/email`), which the integration tests read too.
import path from 'node:path';
import { startProcess, untilListening, type ManagedProcess } from './processes';
import { PROJECT_ROOT } from './tools';

export async function startMailDev(options: {
  smtpPort: number;
  webPort: number;
  mailDir: string;
  logDir: string;
  spawned?: (proc: ManagedProcess) => void;
}): Promise<ManagedProcess> {
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const proc = startProcess(
    'maildev',
    process.execPath,
    [
      cli,
      '--smtp',
      String(options.smtpPort),
      '--web',
      String(options.webPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      options.mailDir,
    ],
    { logDir: options.logDir },
  );
  options.spawned?.(proc);
  await untilListening(proc, '127.0.0.1', [options.smtpPort, options.webPort], 30000);
  return proc;
}
