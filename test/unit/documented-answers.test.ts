// The integration tests' check of real answers against /openapi.json (test/support/documented-answers.ts).
import { undocumentedAnswer } from '../support/documented-answers';

const session = { sub: 'owner@acme.example', role: 'partner', partnerId: 'acme', expiresAt: '2026-12-07T12:00:00.000Z' };

describe('undocumentedAnswer', () => {
  it('accepts an answer as documented, and requests for no documented operation', () => {
    expect(undocumentedAnswer('GET', '/v1/session', 200, session)).toBeUndefined();
    expect(undocumentedAnswer('GET', '/v1/session', 401, { error: { code: 'unauthenticated', message: 'no' } })).toBeUndefined();
    expect(undocumentedAnswer('POST', '/v1/session', 204, undefined)).toBeUndefined();
    expect(undocumentedAnswer('GET', '/v1/no-such-route?x=1', 404, { error: { code: 'not_found', message: 'no' } })).toBeUndefined();
  });

  it('refuses a status the operation does not list, a field the schema does not name, and a missing one', () => {
    expect(undocumentedAnswer('GET', '/v1/session', 418, {})).toMatch(/answered 418, which the document does not list/);
    expect(undocumentedAnswer('GET', '/v1/session', 200, { ...session, token: 'eyJ…' })).toMatch(/must NOT have additional properties/);
    expect(undocumentedAnswer('GET', '/v1/staff/integrations/acme/audit?limit=1', 200, { partnerId: 'acme', events: [] })).toMatch(/nextCursor/);
    expect(undocumentedAnswer('GET', '/v1/session', 401, { message: 'no' })).toMatch(/does not match/);
  });
});
