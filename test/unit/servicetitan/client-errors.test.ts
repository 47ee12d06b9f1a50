import {
  AccessDeniedError,
  AppNotConnectedError,
  ConflictError,
  NotFoundError,
  ServiceTitanError,
  TenantMismatchError,
  UnexpectedResponseError,
  ValidationError,
} from '../../../servicetitan/client';
import { APP_KEY, rejectionOf, SECRET, testClient } from './support/client';
import { json, problem, scriptedFetch } from './support/scripted-fetch';

function failure(response: () => Response): Promise<ServiceTitanError> {
  return rejectionOf(testClient(scriptedFetch(response)).client.getLocation(12));
}

describe('ServiceTitan client errors', () => {
  it('names the API area and the reason of a 403', async () => {
    const scope = await failure(() => problem(403, 'Insufficient scope: tn.crm.locations:r', { scope: ['tn.crm.locations:r'] }));
    expect(scope).toBeInstanceOf(AccessDeniedError);
    expect(scope.toJSON()).toMatchObject({
      code: 'access_denied',
      area: 'crm',
      reason: 'insufficient_scope',
      status: 403,
      request: { method: 'GET', path: '/crm/v2/tenant/777/locations/12' },
    });

    const restricted = await failure(() => problem(403, 'Application access is restricted to a booking provider'));
    expect(restricted.toJSON()).toMatchObject({ code: 'access_denied', area: 'crm', reason: 'restricted_to_booking_provider' });

    expect((await failure(() => problem(403, 'Forbidden'))).toJSON()).toMatchObject({ code: 'access_denied', reason: 'forbidden' });
  });

  it('tells an app that is not connected and a tenant mismatch apart from an area denial', async () => {
    expect(await failure(() => problem(403, 'Application is not connected to this tenant'))).toBeInstanceOf(AppNotConnectedError);
    expect(await failure(() => problem(403, 'Access token was issued for another tenant'))).toBeInstanceOf(TenantMismatchError);
  });

  it('maps 400, 404 and 409 with ServiceTitan’s problem details', async () => {
    const invalid = await failure(() => problem(400, 'One or more validation errors occurred.', { customFields: ['bad value'] }));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).errors).toEqual({ customFields: ['bad value'] });
    expect(invalid.message).toContain('customFields: bad value');
    expect(invalid.message).toContain('trace-1');
    expect(await failure(() => problem(404, 'Not Found'))).toBeInstanceOf(NotFoundError);
    expect(await failure(() => problem(409, 'Conflict'))).toBeInstanceOf(ConflictError);
  });

  it('fails clearly when a field we depend on changed', async () => {
    const error = await failure(() =>
      json(200, {
        id: 12,
        customerId: 3,
        name: 'Home',
        active: true,
        address: { street: 's', city: 'c', state: 'AZ', zip: '1' },
        customFieldz: [],
        tagTypeIds: [],
        modifiedOn: '2026-01-01T00:00:00Z',
      }),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).issues).toEqual([expect.stringMatching(/^customFields: /)]);
    expect(error.retryable).toBe(false);
  });

  it('serialises to a plain object a workflow can carry', () => {
    const error = new AccessDeniedError('denied', 'memberships', 'insufficient_scope', { method: 'POST', path: '/memberships/v2/tenant/1/memberships/sale' });
    const plain = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(plain).toEqual({
      code: 'access_denied',
      message: 'denied',
      retryable: false,
      status: 403,
      request: { method: 'POST', path: '/memberships/v2/tenant/1/memberships/sale' },
      area: 'memberships',
      reason: 'insufficient_scope',
    });
  });

  it('never puts the secret, the token or the app key in messages or log lines', async () => {
    // ServiceTitan echoing a credential back is hypothetical; the client must still not repeat it.
    const scripted = scriptedFetch((call, n) =>
      n === 0
        ? problem(401, 'Unauthorized')
        : n < 3
          ? problem(500, `boom ${call.headers['authorization']?.slice(7) ?? ''}`)
          : problem(400, `bad request for ${SECRET}`, { [SECRET]: [SECRET] }),
    );
    const { client, logs } = testClient(scripted, { maxRetries: 2 });
    const serverError = await rejectionOf(client.getJob(1));
    const validation = await rejectionOf(client.getJob(2));
    const everything = JSON.stringify([serverError.toJSON(), serverError.message, validation.toJSON(), logs]);
    for (const secret of [SECRET, APP_KEY, ...scripted.issued]) expect(everything).not.toContain(secret);
    expect(everything).toContain('[REDACTED]');
  });
});
