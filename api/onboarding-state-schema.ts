// The onboarding state as the API answers it (GET, start, and every update's answer), as a zod
// schema for the OpenAPI document and the generated web client. The state itself is shaped by the
// workflow (workflows/onboarding/types.ts OnboardingState, a plain TypeScript type: the workflow
// bundle keeps no module-level zod schemas, see workflows/onboarding/input-schemas.ts), so this
// schema lives on the API side and a compile-time check below proves every OnboardingState fits
// it; the integration tests validate the real answers against the document.
import { z } from 'zod';
import * as inputs from '../workflows/onboarding/inputs';
import { ONBOARDING_STATUSES, type ConfigStep, type OnboardingState } from '../workflows/onboarding/types';
import { SYNC_CHILDREN } from '../workflows/sync/types';

const timestamp = z.iso.datetime({ offset: true });
const stepName = z.union([inputs.configStep, z.literal('credentials')]);

export const verificationErrorSchema = z
  .object({
    code: z.string().meta({ description: 'machine-readable reason, e.g. membership_type_inactive, restricted_access' }),
    message: z.string().meta({ description: "what to tell the partner, in the partner's words" }),
    step: stepName,
    details: z.record(z.string(), z.unknown()).optional().meta({ description: 'e.g. the refused areas of a restricted-access app' }),
  })
  .meta({ id: 'VerificationError' });

function stepStateSchema<S extends ConfigStep>(step: S) {
  return z
    .object({
      status: z.enum(['pending', 'verified', 'failed']),
      input: inputs.stepSchemas[step].optional().meta({ description: 'the last input verified and saved' }),
      resolved: z.record(z.string(), z.unknown()).optional().meta({ description: 'what ServiceTitan said about it (names of what was chosen)' }),
      verifiedAt: timestamp.optional(),
      error: verificationErrorSchema.optional().meta({ description: "the last verification's failure, shown at the field it concerns" }),
    })
    .meta({ id: `${step[0]!.toUpperCase()}${step.slice(1)}StepState` });
}

const syncItemErrorSchema = z.object({ item: z.string(), message: z.string(), status: z.number().int().optional(), at: timestamp });

export const syncHealthSchema = z
  .object({
    lastRunAt: timestamp.optional(),
    lastResult: z.enum(['ok', 'partial', 'failed', 'paused', 'stopped']).optional(),
    lastError: z.string().optional(),
    failedItems: z.number().int().optional().meta({ description: 'items ServiceTitan refuses now (waiting for their retry)' }),
    lastItemError: syncItemErrorSchema.optional(),
    runs: z.number().int(),
    writes: z.number().int().meta({ description: 'cumulative writes to ServiceTitan' }),
    backlog: z.number().int(),
    paused: z.boolean().optional().meta({ description: 'waiting for new credentials (NEEDS_ATTENTION)' }),
  })
  .meta({ id: 'SyncChildHealth' });

export const onboardingStateSchema = z
  .object({
    partnerId: z.string(),
    tenantId: z.string(),
    contactEmail: z.string(),
    prerequisites: inputs.prerequisites,
    status: z.enum(ONBOARDING_STATUSES),
    nextAction: z.string().meta({ description: 'what the partner (or staff) should do next, in words' }),
    startedAt: timestamp,
    statusChangedAt: timestamp,
    review: z
      .object({
        decision: z.enum(['approved', 'rejected']),
        staffUserId: z.string(),
        note: z.string().optional(),
        reason: z.string().optional(),
        decidedAt: timestamp,
      })
      .optional(),
    credentials: z.object({ clientId: z.string(), verifiedAt: timestamp, grantedAreas: z.array(z.string()) }).optional(),
    lastCredentialCheck: z.object({ ok: z.boolean(), at: timestamp, error: verificationErrorSchema.optional() }).optional(),
    credentialsDeadline: timestamp.optional(),
    steps: z.object({
      planMappings: stepStateSchema('planMappings'),
      jobTypeMappings: stepStateSchema('jobTypeMappings'),
      comfortCreditField: stepStateSchema('comfortCreditField'),
      eligibleServices: stepStateSchema('eligibleServices'),
      tag: stepStateSchema('tag'),
      campaign: stepStateSchema('campaign'),
      capacityScheduling: stepStateSchema('capacityScheduling'),
    }),
    systemReminders: z.object({ hubOffline: z.literal(true), batteryHealth: z.literal(true), airFilter: z.literal(true) }),
    activatedAt: timestamp.optional(),
    disconnectedAt: timestamp.optional(),
    sync: z
      .object({
        health: z.enum(['ok', 'degraded', 'paused', 'stopped']),
        children: z.partialRecord(z.enum(SYNC_CHILDREN), syncHealthSchema),
      })
      .optional()
      .meta({ description: "the live integration's sync: overall health, and each child's last pass" }),
    tenantConflict: z
      .object({
        flaggedAt: timestamp,
        foundAt: z.enum(['start', 'approval', 'submit']),
        allowed: z.object({ staffUserId: z.string(), decidedAt: timestamp }).optional(),
      })
      .optional()
      .meta({ description: 'SmartAC staff must check the ServiceTitan tenant before the integration can go live (never names the other partner)' }),
  })
  .meta({
    id: 'OnboardingState',
    description:
      "The partner's onboarding: status, every step with its verification result (`steps.<step>`: status, input, resolved names, error), and `nextAction`. " +
      'Every update (credentials, each configuration step, submit, disconnect) answers with this whole state, so a page shows the step result and what comes next without another request.',
  });
export type OnboardingStateResponse = z.output<typeof onboardingStateSchema>;

// Compile-time: every state the workflow shapes is one this schema documents (a field added to
// OnboardingState and not here fails the typecheck). The other way round, the integration tests
// validate real answers against the document, which refuses undocumented fields.
type Fits<A, B> = [A] extends [B] ? true : false;
const stateFitsSchema: Fits<OnboardingState, OnboardingStateResponse> = true;
void stateFitsSchema;
