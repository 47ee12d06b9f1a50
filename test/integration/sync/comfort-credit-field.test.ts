// The Comfort Credit field step against the sandbox's seeded custom fields: only a location
// custom field of type Numeric can hold a balance (ServiceTitan's types are Text, Dropdown and
// Numeric); a Text field is refused like a Dropdown or a Date, and the message says what works.
import { ApplicationFailure } from '@temporalio/common';
import { createConfigurationActivities } from '../../../activities/onboarding/configuration';
import { configurePartner, HVAC, startSyncHarness, type SyncHarness } from './support';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(() => h.close());

async function verify(partnerId: string, customFieldName: string) {
  const { verifyStep } = createConfigurationActivities({ db: h.db, credentials: h.credentials });
  return verifyStep({ partnerId, tenantId: String(HVAC), request: { step: 'comfortCreditField', input: { customFieldName } } });
}

async function refusal(partnerId: string, customFieldName: string) {
  const error = await verify(partnerId, customFieldName).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return (error as ApplicationFailure).details?.[0] as { code: string; message: string; details: { dataType: string; acceptedTypes: string[] } };
}

describe('comfortCreditField', () => {
  it('accepts a Numeric location custom field', async () => {
    const { partnerId } = await configurePartner(h);
    expect((await verify(partnerId, 'Comfort Credits')).resolved).toMatchObject({ customFieldName: 'Comfort Credits', dataType: 'Numeric' });
  });

  it.each([
    ['Filter Size', 'Text'],
    ['System Type', 'Dropdown'],
    ['SmartAC Member Since', 'Date'],
  ])('refuses %s, a %s field, saying a Numeric field is needed', async (name, dataType) => {
    const { partnerId } = await configurePartner(h);
    const problem = await refusal(partnerId, name);
    expect(problem).toMatchObject({ code: 'custom_field_not_numeric', details: { dataType, acceptedTypes: ['Numeric'] } });
    expect(problem.message).toContain(`is of type ${dataType}`);
    expect(problem.message).toMatch(/type Numeric/);
  });
});
