import { Writable } from 'node:stream';
import { createLogger } from '../../lib/logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger redaction', () => {
  it('never prints secrets, tokens or authorization headers, at any logged depth', () => {
    const { lines, stream } = capture();
    const log = createLogger('test', 'info', stream);
    log.info(
      {
        clientSecret: 'S3CRET-top',
        credentials: { clientId: 'visible-id', client_secret: 'S3CRET-nested' },
        response: { body: { access_token: 'TOKEN-deep', token: 'TOKEN-2' } },
        req: { headers: { authorization: 'Bearer TOKEN-3', 'st-app-key': 'APPKEY-1' } },
      },
      'calling ServiceTitan',
    );
    const out = lines.join('');
    expect(out).toContain('visible-id');
    expect(out).toContain('[REDACTED]');
    for (const secret of ['S3CRET-top', 'S3CRET-nested', 'TOKEN-deep', 'TOKEN-2', 'TOKEN-3', 'APPKEY-1']) {
      expect(out).not.toContain(secret);
    }
  });
});
