// The document the API serves (api/document.ts): every operation named and with its answers'
// schemas, so the web client generated from it (web/src/api/schema.d.ts) is typed throughout.
import { buildApiDocument } from '../../api/document';
import { loadConfig } from '../../lib/config';

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const development = buildApiDocument(loadConfig({}));
const production = buildApiDocument({ env: 'production', api: { host: '0.0.0.0', port: 3000, publicBaseUrl: 'https://integrations.smartac.com' } });

function operations(doc: typeof development): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op as Operation]),
  );
}

describe('the API document', () => {
  it('names every operation, once, with the agreed camelCase names', () => {
    const ids = operations(development).map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'approveOnboarding',
        'continueSetup',
        'createSession',
        'deleteSession',
        'devSignIn',
        'disconnect',
        'getCatalog',
        'getEventSummary',
        'getHealth',
        'getIntegrationAudit',
        'getOnboardingState',
        'getOpenApiDocument',
        'getReadiness',
        'getSession',
        'getVisitRequest',
        'listMaintenancePlans',
        'listStaffIntegrations',
        'listSyncErrors',
        'receiveEvent',
        'rejectOnboarding',
        'resolveTenantConflict',
        'setCampaign',
        'setCapacityScheduling',
        'setComfortCreditField',
        'setEligibleServices',
        'setJobTypeMappings',
        'setMaintenancePlans',
        'setPlanMappings',
        'setTag',
        'startOnboarding',
        'submitConfiguration',
        'submitCredentials',
      ].sort(),
    );
  });

  it('gives every success answer with a body its JSON schema', () => {
    const missing = operations(development).flatMap(([name, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => /^2/.test(status) && status !== '204')
        .filter(([, response]) => response.content?.['application/json']?.schema === undefined)
        .map(([status]) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents the errors every operation can answer, in the error format', () => {
    for (const [name, op] of operations(development)) {
      expect({ name, has500: '500' in op.responses }).toEqual({ name, has500: true });
    }
    const state = development.paths['/v1/partners/{partnerId}/integrations/servicetitan/tag']!.put as Operation;
    expect(Object.keys(state.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '500', '503']);
    const audit = development.paths['/v1/staff/integrations/{partnerId}/audit']!.get as Operation;
    expect(Object.keys(audit.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
  });

  it("says a step's answer is the whole state with the step's result and nextAction", () => {
    const step = development.paths['/v1/partners/{partnerId}/integrations/servicetitan/plan-mappings']!.put as Operation;
    expect(step.responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/OnboardingState' });
    const state = development.components.schemas.OnboardingState as { description: string; required: string[]; properties: Record<string, unknown> };
    expect(state.description).toMatch(/Every update .* answers with this whole state/);
    expect(state.required).toEqual(expect.arrayContaining(['steps', 'nextAction', 'status']));
  });

  it('names its server from PUBLIC_BASE_URL (default http://127.0.0.1:3000)', () => {
    expect(development.servers).toEqual([{ url: 'http://127.0.0.1:3000', description: expect.any(String) }]);
    expect(production.servers[0]!.url).toBe('https://integrations.smartac.com');
  });

  it('lists the development sign-in only outside production', () => {
    expect(development.paths['/v1/dev/sign-in']?.post).toBeDefined();
    expect(production.paths['/v1/dev/sign-in']).toBeUndefined();
    expect(JSON.stringify(production)).not.toContain('devSignIn');
    expect(Object.keys(production.paths).length).toBe(Object.keys(development.paths).length - 1);
  });
});
