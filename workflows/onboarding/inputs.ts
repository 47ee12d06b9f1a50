// Every input schema of the onboarding, built once, for the HTTP API (request bodies, the OpenAPI
// document) and for the input types. The definitions are in ./input-schemas; the workflow builds
// them there on use instead of importing these (see that file for why).
import type { z } from 'zod';
import * as build from './input-schemas';
import type { ConfigStep, StepInputs } from './types';

export const tenantId = build.tenantId();
export const prerequisites = build.prerequisites();
export const startOnboarding = build.startOnboarding();
export const approveReview = build.approveReview();
export const rejectReview = build.rejectReview();
export const resolveTenantConflict = build.resolveTenantConflict();
export const sealedSecret = build.sealedSecret();
export const submitCredentials = build.submitCredentials();
export const planMappings = build.planMappings();
export const jobTypeMappings = build.jobTypeMappings();
export const comfortCreditField = build.comfortCreditField();
export const eligibleServices = build.eligibleServices();
export const tag = build.tag();
export const campaign = build.campaign();
export const capacityScheduling = build.capacityScheduling();
export const configStep = build.configStep();
export const disconnect = build.disconnect();
export const actor = build.actor();

/** Each configuration step's input schema (build.stepSchemas, built). */
export const stepSchemas: { [S in ConfigStep]: z.ZodType<StepInputs[S]> } = {
  planMappings,
  jobTypeMappings,
  comfortCreditField,
  eligibleServices,
  tag,
  campaign,
  capacityScheduling,
};

export type StartOnboardingBody = z.infer<typeof startOnboarding>;
export type ApproveReview = z.infer<typeof approveReview>;
export type RejectReview = z.infer<typeof rejectReview>;
export type ResolveTenantConflict = z.infer<typeof resolveTenantConflict>;
export type SealedSecretInput = z.infer<typeof sealedSecret>;
export type SubmitCredentials = z.infer<typeof submitCredentials>;
export type PlanMappings = z.infer<typeof planMappings>;
export type JobTypeMappings = z.infer<typeof jobTypeMappings>;
export type ComfortCreditField = z.infer<typeof comfortCreditField>;
export type EligibleServices = z.infer<typeof eligibleServices>;
export type TagInput = z.infer<typeof tag>;
export type CampaignInput = z.infer<typeof campaign>;
export type CapacityScheduling = z.infer<typeof capacityScheduling>;
export type DisconnectInput = z.infer<typeof disconnect>;
