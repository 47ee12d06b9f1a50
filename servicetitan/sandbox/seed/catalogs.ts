// The contractor's set-up, seeded from its profile: business units per trade, tag types, custom
// field types, job types, campaigns, the pricebook, recurring service and membership types with
// their duration/billing options, technicians and booking provider tags. Returns the ids the
// customer and job generator needs.
import type { TenantData } from '../tenant-data';
import { BOOKING_PROVIDER_ID_OFFSET, type SeedTenant } from './credentials';
import { required } from './helpers';
import type { Frequency, TenantProfile } from './profiles';

export interface SeededCatalogs {
  tagIds: Map<string, number>;
  locationFieldIds: Map<string, number>;
  jobTypes: { id: number; minutes: number; businessUnitIds: number[]; priority: string; active: boolean; name: string }[];
  campaignIds: number[];
  saleOptions: { membershipTypeId: number; durationBillingId: number; months: number | null; frequency: Frequency }[];
  technicians: { id: number; businessUnitId: number }[];
}

export function seedCatalogs(data: TenantData, tenant: SeedTenant, profile: TenantProfile, setupAt: string): SeededCatalogs {
  const user = data.integrationUserId;
  const businessUnitIds = new Map<string, number>();
  for (const bu of profile.businessUnits) {
    const id = data.nextId();
    businessUnitIds.set(bu.name, id);
    data.businessUnits.insert({
      id,
      active: bu.active ?? true,
      name: bu.name,
      officialName: `${tenant.name} - ${bu.name}`,
      email: profile.email,
      currency: 'USD',
      phoneNumber: profile.phone,
      trade: { id: id + 500_000, name: bu.trade },
      tagTypeIds: [],
      tenant: { id: tenant.id, name: tenant.name, modifiedOn: setupAt },
      createdOn: setupAt,
      modifiedOn: setupAt,
      externalData: [],
    });
  }
  const bu = (name: string): number => required(businessUnitIds.get(name), `business unit ${name}`);

  const tagIds = new Map<string, number>();
  for (const tag of profile.tagTypes) {
    const id = data.nextId();
    tagIds.set(tag.name, id);
    data.tagTypes.insert({
      id,
      name: tag.name,
      color: tag.color,
      code: tag.code,
      importance: null,
      isConversionOpportunity: false,
      allowToUseOnTimesheetActivity: false,
      isVisibleOnDispatchBoard: true,
      active: tag.active ?? true,
      createdOn: setupAt,
      modifiedOn: setupAt,
    });
  }

  const locationFieldIds = new Map<string, number>();
  for (const field of profile.locationCustomFields) {
    const id = data.nextId();
    locationFieldIds.set(field.name, id);
    data.locationCustomFieldTypes.insert({
      id,
      name: field.name,
      dataType: field.dataType,
      dataTypeOptions: field.options ?? null,
      createdOn: setupAt,
      modifiedOn: setupAt,
    });
  }
  for (const field of profile.customerCustomFields) {
    data.customerCustomFieldTypes.insert({
      id: data.nextId(),
      name: field.name,
      dataType: field.dataType,
      dataTypeOptions: field.options ?? null,
      createdOn: setupAt,
      modifiedOn: setupAt,
    });
  }

  const jobTypeIds: SeededCatalogs['jobTypes'] = [];
  for (const jt of profile.jobTypes) {
    const id = data.nextId();
    const ids = jt.businessUnits.map(bu);
    jobTypeIds.push({ id, minutes: jt.minutes, businessUnitIds: ids, priority: jt.priority, active: jt.active ?? true, name: jt.name });
    data.jobTypes.insert({
      id,
      name: jt.name,
      businessUnitIds: ids,
      skills: [],
      tagTypeIds: [],
      priority: jt.priority,
      duration: jt.minutes * 60,
      soldThreshold: null,
      class: jt.jobClass,
      summary: `${jt.name} (${jt.minutes} min)`,
      noCharge: false,
      enforceRecurringServiceEventSelection: false,
      invoiceSignaturesRequired: false,
      modifiedOn: setupAt,
      createdOn: setupAt,
      externalData: [],
      active: jt.active ?? true,
      isSmartDispatched: false,
      defaultEstimateSoldAction: 'None',
      customFieldTypeIds: [],
    });
  }
  const jobTypeId = (name: string): number => required(jobTypeIds.find((j) => j.name === name)?.id, `job type ${name}`);

  const campaignIds: number[] = [];
  profile.campaigns.forEach((campaign, i) => {
    const id = data.nextId();
    if (campaign.active ?? true) campaignIds.push(id);
    data.campaigns.insert({
      id,
      name: campaign.name,
      createdOn: setupAt,
      modifiedOn: setupAt,
      active: campaign.active ?? true,
      isDefaultCampaign: i === 0,
      category: { id: id + 500_000, name: campaign.category, active: true },
      source: campaign.name,
      medium: campaign.medium,
      campaignPhoneNumbers: [],
    });
  });

  const serviceIds = new Map<string, number>();
  for (const service of profile.services) {
    const id = data.nextId();
    serviceIds.set(service.code, id);
    data.services.insert({
      id,
      code: service.code,
      displayName: service.name,
      description: `<p>${service.name}</p>`,
      categories: [],
      price: service.price,
      memberPrice: service.memberPrice,
      addOnPrice: service.price,
      addOnMemberPrice: service.memberPrice,
      taxable: false,
      hours: service.hours,
      isLabor: service.hours > 0,
      recommendations: [],
      upgrades: [],
      assets: [],
      serviceMaterials: [],
      serviceEquipment: [],
      active: service.active ?? true,
      paysCommission: false,
      bonus: 0,
      commissionBonus: 0,
      modifiedOn: setupAt,
      externalData: [],
      businessUnitId: service.businessUnit ? bu(service.businessUnit) : null,
      cost: 0,
      createdOn: setupAt,
      soldByCommission: 0,
    });
  }

  const recurringIds = new Map<string, number>();
  for (const rst of profile.recurringServiceTypes) {
    const id = data.nextId();
    recurringIds.set(rst.name, id);
    data.recurringServiceTypes.insert({
      id,
      createdOn: setupAt,
      createdById: user,
      modifiedOn: setupAt,
      active: true,
      recurrenceType: 'Seasonal',
      recurrenceInterval: 1,
      recurrenceMonths: rst.months,
      durationType: 'Continuous',
      durationLength: 0,
      businessUnitId: bu(rst.businessUnit),
      jobTypeId: jobTypeId(rst.jobType),
      priority: 'Normal',
      campaignId: campaignIds[0] ?? null,
      jobSummary: rst.name,
      name: rst.name,
    });
  }

  const saleOptions: SeededCatalogs['saleOptions'] = [];
  for (const mt of profile.membershipTypes) {
    const id = data.nextId();
    const active = mt.active ?? true;
    data.membershipTypes.insert({
      id,
      name: mt.name,
      displayName: mt.name,
      active,
      discountMode: 'Basic',
      locationTarget: 'SingleLocation',
      revenueRecognitionMode: 'PointOfSale',
      autoCalculateInvoiceTemplates: true,
      useMembershipPricingTable: false,
      showMembershipSavings: true,
      createdOn: setupAt,
      createdById: user,
      modifiedOn: setupAt,
      billingTemplateId: null,
      discount: mt.discount,
      recurringServices: mt.recurringServices.map((name) => ({
        membershipTypeId: id,
        recurringServiceTypeId: required(recurringIds.get(name), `recurring service ${name}`),
        offset: 0,
        offsetType: 'Months',
        allocation: 0,
      })),
      tagTypeIds: [],
    });
    for (const d of mt.durations) {
      const durationBillingId = data.nextId();
      data.durationBilling.insert({
        id: durationBillingId,
        membershipTypeId: id,
        duration: d.months,
        billingFrequency: d.frequency,
        salePrice: d.salePrice,
        billingPrice: d.billingPrice,
        renewalPrice: d.billingPrice,
        active,
        createdOn: setupAt,
        createdById: user,
      });
      if (active) saleOptions.push({ membershipTypeId: id, durationBillingId, months: d.months, frequency: d.frequency });
    }
    required(serviceIds.get(mt.saleTask), `sale task ${mt.saleTask}`);
  }

  const technicians: SeededCatalogs['technicians'] = [];
  profile.technicians.forEach((tech, i) => {
    const id = data.nextId();
    const businessUnitId = bu(tech.businessUnit);
    technicians.push({ id, businessUnitId });
    const [firstName = tech.name, lastName = ''] = tech.name.split(' ');
    data.technicians.insert({
      id,
      userId: id + 500_000,
      name: tech.name,
      firstName,
      lastName,
      businessUnitId,
      createdOn: setupAt,
      modifiedOn: setupAt,
      email: `${firstName.toLowerCase()}@${profile.email.split('@')[1] ?? 'example.com'}`,
      phoneNumber: `555-01${String(10 + i).padStart(2, '0')}`,
      dailyGoal: 1500,
      isManagedTech: true,
      active: true,
      burdenRate: 0,
      commissionRate: 0,
      hourlyRate: 32,
      soldByRate: 0,
      status: 'Idle',
      positions: [tech.position],
      team: tech.businessUnit,
    });
  });

  profile.bookingProviders.forEach((provider, i) => {
    data.bookingProviderTags.insert({
      id: tenant.idBase + BOOKING_PROVIDER_ID_OFFSET + i,
      tagName: provider.name,
      description: provider.description,
      type: 'V2Api',
      createdOn: setupAt,
      modifiedOn: setupAt,
      active: true,
    });
  });
  return { tagIds, locationFieldIds, jobTypes: jobTypeIds, campaignIds, saleOptions, technicians };
}
