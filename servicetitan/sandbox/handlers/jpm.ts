// jpm/v2: job types, jobs (create with appointments, tags), job notes, appointments, exports.
import type { components } from '../../openapi/jpm-v2';
import { badRequest, notFound, ProblemError, TITLES } from '../problems';
import { withoutKeys, type AppointmentRow, type JobNoteRow, type JobRow } from '../records';
import type { TenantData } from '../tenant-data';
import { exportFeed, list, pathId, queryIds, queryNumber, queryTime, type HandlerContext, type OperationHandler } from './context';
import { externalDataFilter, externalDataFor, rememberExternalDataOwner } from './external-data';

type JobCreateRequest = components['schemas']['Jpm.V2.JobCreateRequest'];
type UpdateJobRequest = components['schemas']['Jpm.V2.UpdateJobRequest'];
type JobNoteCreateRequest = components['schemas']['Jpm.V2.JobNoteCreateRequest'];

const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'];

/** A job as the requesting application sees it: its own external data only. */
function presentJob(data: TenantData, row: JobRow, applicationGuid: string | null): unknown {
  return { ...withoutKeys(row, 'active'), externalData: externalDataFor(data, row, applicationGuid) };
}
const guidOf = (ctx: HandlerContext): string | null => ctx.query.get('externalDataApplicationGuid');
const presentAppointment = (row: AppointmentRow): unknown => withoutKeys(row, 'technicianIds');
const presentNote = (row: JobNoteRow): unknown => ({
  text: row.text,
  isPinned: row.isPinned,
  createdById: row.createdById,
  createdOn: row.createdOn,
  modifiedOn: row.modifiedOn,
});

function jobOr404(ctx: HandlerContext): JobRow {
  const job = ctx.data.jobs.get(pathId(ctx));
  if (!job) throw notFound('Job', pathId(ctx));
  return job;
}

function appointmentsOf(data: TenantData, jobId: number): AppointmentRow[] {
  return data.appointments.all().filter((a) => a.jobId === jobId);
}

function checkTags(data: TenantData, tagTypeIds: number[] | null | undefined): void {
  (tagTypeIds ?? []).forEach((t, i) => {
    if (!data.tagTypes.get(t)?.active) throw badRequest(`tagTypeIds[${i}]`, `Tag type ${t} does not exist or is inactive`);
  });
}

function checkJobRefs(data: TenantData, body: JobCreateRequest): void {
  const location = data.locations.get(body.locationId);
  if (!data.customers.get(body.customerId)) throw badRequest('customerId', `Customer ${body.customerId} does not exist`);
  if (!location || location.customerId !== body.customerId)
    throw badRequest('locationId', `Location ${body.locationId} does not belong to customer ${body.customerId}`);
  if (!data.businessUnits.get(body.businessUnitId)?.active)
    throw badRequest('businessUnitId', `Business unit ${body.businessUnitId} does not exist or is inactive`);
  if (!data.jobTypes.get(body.jobTypeId)?.active) throw badRequest('jobTypeId', `Job type ${body.jobTypeId} does not exist or is inactive`);
  if (!data.campaigns.get(body.campaignId)?.active) throw badRequest('campaignId', `Campaign ${body.campaignId} does not exist or is inactive`);
  if (!PRIORITIES.includes(body.priority)) throw badRequest('priority', `must be one of ${PRIORITIES.join(', ')}`);
  if (body.appointments.length === 0) throw badRequest('appointments', 'At least one appointment is required');
  body.appointments.forEach((a, i) => {
    if (!(Date.parse(a.start) < Date.parse(a.end))) throw badRequest(`appointments[${i}].end`, 'must be after start');
    (a.technicianIds ?? []).forEach((t) => {
      if (!data.technicians.get(t)?.active) throw badRequest(`appointments[${i}].technicianIds`, `Technician ${t} does not exist or is inactive`);
    });
  });
  checkTags(data, body.tagTypeIds);
  if ((body.customFields ?? []).length > 0) throw badRequest('customFields', 'This tenant has no job custom field types');
  if (body.bookingId != null && !data.bookings.get(body.bookingId)) throw badRequest('bookingId', `Booking ${body.bookingId} does not exist`);
}

function createJob(ctx: HandlerContext): JobRow {
  const { data } = ctx;
  const body = ctx.body as JobCreateRequest;
  checkJobRefs(data, body);
  const at = new Date(ctx.now).toISOString();
  const jobId = data.nextId();
  const jobNumber = data.nextJobNumber();
  const appointmentIds = body.appointments.map((a, i) => {
    const id = data.nextId();
    data.appointments.insert({
      id,
      jobId,
      appointmentNumber: `${jobNumber}-${i + 1}`,
      start: new Date(a.start).toISOString(),
      end: new Date(a.end).toISOString(),
      arrivalWindowStart: a.arrivalWindowStart ?? null,
      arrivalWindowEnd: a.arrivalWindowEnd ?? null,
      status: 'Scheduled',
      specialInstructions: null,
      createdOn: at,
      modifiedOn: at,
      customerId: body.customerId,
      unused: false,
      createdById: data.integrationUserId,
      isConfirmed: false,
      active: true,
      technicianIds: a.technicianIds ?? [],
    });
    return id;
  });
  if (body.bookingId != null) data.bookings.update(body.bookingId, (b) => ({ ...b, status: 'Converted', jobId, modifiedOn: at }));
  rememberExternalDataOwner(data, jobId, body.externalData);
  return data.jobs.insert({
    id: jobId,
    jobNumber,
    projectId: body.projectId ?? null,
    customerId: body.customerId,
    locationId: body.locationId,
    jobStatus: 'Scheduled',
    completedOn: null,
    businessUnitId: body.businessUnitId,
    jobTypeId: body.jobTypeId,
    priority: body.priority,
    campaignId: body.campaignId,
    appointmentCount: appointmentIds.length,
    firstAppointmentId: appointmentIds[0] ?? 0,
    lastAppointmentId: appointmentIds[appointmentIds.length - 1] ?? 0,
    jobGeneratedLeadSource: body.jobGeneratedLeadSource ?? null,
    noCharge: body.noCharge ?? false,
    notificationsEnabled: true,
    createdOn: at,
    createdById: data.integrationUserId,
    modifiedOn: at,
    tagTypeIds: body.tagTypeIds ?? [],
    bookingId: body.bookingId ?? null,
    soldById: body.soldById ?? null,
    customerPo: body.customerPo ?? '',
    invoiceId: data.nextId(),
    estimateIds: [],
    equipmentIds: [],
    summary: body.summary ?? null,
    customFields: [],
    externalData: body.externalData?.externalData ?? [],
    active: true,
  });
}

/** Jobs_GetList filters: the documented ones that drive the product's syncs. */
function jobFilter(ctx: HandlerContext): (job: JobRow) => boolean {
  const q = ctx.query;
  const num = (name: string): number | undefined => queryNumber(ctx, name);
  const [customerId, locationId, jobTypeId, campaignId, businessUnitId, bookingId, technicianId] = [
    'customerId',
    'locationId',
    'jobTypeId',
    'campaignId',
    'businessUnitId',
    'bookingId',
    'technicianId',
  ].map(num);
  const [firstFrom, firstBefore, anyFrom, anyBefore, completedFrom, completedBefore] = [
    'firstAppointmentStartsOnOrAfter',
    'firstAppointmentStartsBefore',
    'appointmentStartsOnOrAfter',
    'appointmentStartsBefore',
    'completedOnOrAfter',
    'completedBefore',
  ].map((n) => queryTime(ctx, n));
  const tagTypeIds = queryIds(ctx, 'tagTypeIds');
  const [number, jobStatus, appointmentStatus, priority] = [q.get('number'), q.get('jobStatus'), q.get('appointmentStatus'), q.get('priority')];
  const within = (t: number, from: number | undefined, before: number | undefined): boolean =>
    (from === undefined || t >= from) && (before === undefined || t < before);
  const hasExternalData = externalDataFilter(ctx);
  return (job) => {
    const appointments = appointmentsOf(ctx.data, job.id);
    const first = appointments.find((a) => a.id === job.firstAppointmentId);
    return (
      (number === null || job.jobNumber === number) &&
      (jobStatus === null || job.jobStatus === jobStatus) &&
      (priority === null || job.priority === priority) &&
      (customerId === undefined || job.customerId === customerId) &&
      (locationId === undefined || job.locationId === locationId) &&
      (jobTypeId === undefined || job.jobTypeId === jobTypeId) &&
      (campaignId === undefined || job.campaignId === campaignId) &&
      (businessUnitId === undefined || job.businessUnitId === businessUnitId) &&
      (bookingId === undefined || job.bookingId === bookingId) &&
      (!tagTypeIds || job.tagTypeIds.some((t) => tagTypeIds.has(t))) &&
      (technicianId === undefined || appointments.some((a) => a.technicianIds.includes(technicianId))) &&
      (appointmentStatus === null || appointments.some((a) => a.status === appointmentStatus)) &&
      ((firstFrom === undefined && firstBefore === undefined) || (first !== undefined && within(Date.parse(first.start), firstFrom, firstBefore))) &&
      ((anyFrom === undefined && anyBefore === undefined) || appointments.some((a) => within(Date.parse(a.start), anyFrom, anyBefore))) &&
      ((completedFrom === undefined && completedBefore === undefined) ||
        (job.completedOn != null && within(Date.parse(job.completedOn), completedFrom, completedBefore))) &&
      hasExternalData(job)
    );
  };
}

export const jpmHandlers: OperationHandler[] = [
  {
    module: 'jpm',
    operationId: 'JobTypes_GetList',
    query: ['name', 'minDuration', 'maxDuration', 'priority'],
    handle: (ctx) => {
      const name = ctx.query.get('name')?.toLowerCase();
      const priority = ctx.query.get('priority');
      const [min, max] = [queryNumber(ctx, 'minDuration'), queryNumber(ctx, 'maxDuration')];
      return list(
        ctx,
        ctx.data.jobTypes
          .all()
          .filter(
            (jt) =>
              (!name || jt.name.toLowerCase().includes(name)) &&
              (priority === null || jt.priority === priority) &&
              (min === undefined || jt.duration >= min) &&
              (max === undefined || jt.duration <= max),
          ),
      );
    },
  },
  {
    module: 'jpm',
    operationId: 'Jobs_GetList',
    query: [
      'number',
      'jobStatus',
      'appointmentStatus',
      'priority',
      'firstAppointmentStartsOnOrAfter',
      'firstAppointmentStartsBefore',
      'appointmentStartsOnOrAfter',
      'appointmentStartsBefore',
      'technicianId',
      'customerId',
      'locationId',
      'jobTypeId',
      'campaignId',
      'businessUnitId',
      'bookingId',
      'tagTypeIds',
      'completedOnOrAfter',
      'completedBefore',
      'externalDataApplicationGuid',
      'externalDataKey',
      'externalDataValues',
    ],
    handle: (ctx) => list(ctx, ctx.data.jobs.all().filter(jobFilter(ctx)), (row) => presentJob(ctx.data, row, guidOf(ctx)), { active: false }),
  },
  {
    module: 'jpm',
    operationId: 'Jobs_Get',
    query: ['externalDataApplicationGuid'],
    handle: (ctx) => ({ body: presentJob(ctx.data, jobOr404(ctx), guidOf(ctx)) }),
  },
  {
    module: 'jpm',
    operationId: 'Jobs_Create',
    write: 'job',
    // Answered as the creating application sees the job: with the external data it just attached.
    handle: (ctx) => ({ body: presentJob(ctx.data, createJob(ctx), (ctx.body as JobCreateRequest).externalData?.applicationGuid ?? null) }),
  },
  {
    module: 'jpm',
    operationId: 'Jobs_Update',
    write: 'job-update',
    handle: (ctx) => {
      const job = jobOr404(ctx);
      const body = ctx.body as UpdateJobRequest;
      const supported = new Set(['tagTypeIds', 'summary', 'priority']);
      const unsupported = Object.keys(body).filter((k) => !supported.has(k));
      if (unsupported.length > 0) throw new ProblemError(501, TITLES.notImplemented, { body: [`the sandbox does not update ${unsupported.join(', ')}`] });
      checkTags(ctx.data, body.tagTypeIds);
      if (body.priority !== undefined && !PRIORITIES.includes(body.priority)) throw badRequest('priority', `must be one of ${PRIORITIES.join(', ')}`);
      const updated = ctx.data.jobs.update(job.id, (j) => ({
        ...j,
        tagTypeIds: body.tagTypeIds ?? j.tagTypeIds,
        summary: body.summary ?? j.summary ?? null,
        priority: body.priority ?? j.priority,
        modifiedOn: new Date(ctx.now).toISOString(),
      }));
      return { body: updated && presentJob(ctx.data, updated, null) };
    },
  },
  {
    module: 'jpm',
    operationId: 'Jobs_GetNotes',
    handle: (ctx) => {
      const job = jobOr404(ctx);
      const notes = ctx.data.jobNotes.all().filter((n) => n.jobId === job.id && n.active);
      return list(ctx, notes, presentNote, { active: false });
    },
  },
  {
    module: 'jpm',
    operationId: 'Jobs_CreateNote',
    write: 'job-note',
    handle: (ctx) => {
      const job = jobOr404(ctx);
      const body = ctx.body as JobNoteCreateRequest;
      if (body.text.trim() === '') throw badRequest('text', 'The Text field is required.');
      const at = new Date(ctx.now).toISOString();
      const note = ctx.data.jobNotes.insert({
        id: ctx.data.nextId(),
        jobId: job.id,
        active: true,
        text: body.text,
        isPinned: body.pinToTop ?? false,
        createdById: ctx.data.integrationUserId,
        createdOn: at,
        modifiedOn: at,
      });
      return { body: presentNote(note) };
    },
  },
  {
    module: 'jpm',
    operationId: 'Appointments_GetList',
    query: ['jobId', 'status', 'startsOnOrAfter', 'startsBefore', 'technicianId', 'customerId', 'unused'],
    handle: (ctx) => {
      const [jobId, technicianId, customerId] = ['jobId', 'technicianId', 'customerId'].map((n) => queryNumber(ctx, n));
      const [from, before] = [queryTime(ctx, 'startsOnOrAfter'), queryTime(ctx, 'startsBefore')];
      const status = ctx.query.get('status');
      const unused = ctx.query.get('unused');
      return list(
        ctx,
        ctx.data.appointments
          .all()
          .filter(
            (a) =>
              (jobId === undefined || a.jobId === jobId) &&
              (technicianId === undefined || a.technicianIds.includes(technicianId)) &&
              (customerId === undefined || a.customerId === customerId) &&
              (status === null || a.status === status) &&
              (unused === null || a.unused === (unused === 'true')) &&
              (from === undefined || Date.parse(a.start) >= from) &&
              (before === undefined || Date.parse(a.start) < before),
          ),
        presentAppointment,
      );
    },
  },
  // The export (which keeps `active`) takes no application GUID, so it shows no job's external data.
  {
    module: 'jpm',
    operationId: 'Export_Jobs',
    handle: (ctx) => exportFeed(ctx, ctx.data.jobs, (row) => ({ ...row, externalData: externalDataFor(ctx.data, row, null) })),
  },
  { module: 'jpm', operationId: 'Export_Appointments', handle: (ctx) => exportFeed(ctx, ctx.data.appointments, presentAppointment) },
];
