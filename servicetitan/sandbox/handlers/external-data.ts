// Jobs' external data as ServiceTitan keeps it: per application. Items written with an
// application GUID are returned, and found by key and values, only when a request names the same
// GUID (`externalDataApplicationGuid`); without one a job shows no external data. The stored row
// (the export shape) has no room for the GUID, so the owner of each job's items is kept here, per
// tenant data set (a reset starts a new one, and the old map goes with it).
import type { components } from '../../openapi/jpm-v2';
import { badRequest } from '../problems';
import type { JobRow } from '../records';
import type { TenantData } from '../tenant-data';
import type { HandlerContext } from './context';

type ExternalDataCreateRequest = components['schemas']['Jpm.V2.ExternalDataCreateRequest'];
type ExternalDataItem = components['schemas']['Jpm.V2.ExternalDataModel'];

/** ServiceTitan's limit on `externalDataValues`. */
const MAX_VALUES = 50;

const owners = new WeakMap<TenantData, Map<number, string>>();

function ownersOf(data: TenantData): Map<number, string> {
  let map = owners.get(data);
  if (!map) {
    map = new Map();
    owners.set(data, map);
  }
  return map;
}

/** GUIDs compare without regard to case, as ServiceTitan's do. */
function sameGuid(a: string | undefined, b: string | null): boolean {
  return a !== undefined && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** Called when a job is created with external data: its items belong to that application. */
export function rememberExternalDataOwner(data: TenantData, jobId: number, request: ExternalDataCreateRequest | null | undefined): void {
  if (request) ownersOf(data).set(jobId, request.applicationGuid);
}

/** The job's items the given application may see (none without a GUID). */
export function externalDataFor(data: TenantData, job: JobRow, applicationGuid: string | null): ExternalDataItem[] {
  return sameGuid(ownersOf(data).get(job.id), applicationGuid) ? job.externalData : [];
}

/** `externalDataKey` + `externalDataValues` (both or neither), among the items the request's GUID sees. */
export function externalDataFilter(ctx: HandlerContext): (job: JobRow) => boolean {
  const key = ctx.query.get('externalDataKey');
  const rawValues = ctx.query.get('externalDataValues');
  if (key === null && rawValues === null) return () => true;
  if (key === null) throw badRequest('externalDataKey', "'externalDataKey' must be provided with 'externalDataValues'");
  if (rawValues === null) throw badRequest('externalDataValues', "'externalDataValues' must be provided with 'externalDataKey'");
  const values = new Set(rawValues.split(',').filter((v) => v !== ''));
  if (values.size > MAX_VALUES) throw badRequest('externalDataValues', `at most ${MAX_VALUES} values`);
  const guid = ctx.query.get('externalDataApplicationGuid');
  return (job) => externalDataFor(ctx.data, job, guid).some((item) => item.key === key && values.has(item.value));
}
