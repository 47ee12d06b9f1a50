// dispatch/v2: capacity. Availability is computed from the seeded technicians and the
// appointments assigned to them, in two-hour arrival windows of the contractor's working day.
import type { components } from '../../openapi/dispatch-v2';
import { badRequest } from '../problems';
import type { OperationHandler } from './context';

type CapacityRequest = components['schemas']['Dispatch.V2.CapacityRequestArgs'];
type Availability = components['schemas']['Dispatch.V2.CapacityResponseAvailability'];

const WINDOW_START_HOURS = [8, 10, 12, 14, 16];
const WINDOW_HOURS = 2;
const HOUR = 3_600_000;
const MAX_RANGE_DAYS = 31;
/** Above this share of booked hours a window is "exceeding the ideal booking percentage". */
const IDEAL_BOOKING_SHARE = 0.8;

/** `2025-06-02T08:00:00-07:00`: the contractor's wall-clock time with its offset. */
function localIso(ms: number, offsetHours: number): string {
  const local = new Date(ms + offsetHours * HOUR).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
}

export const dispatchHandlers: OperationHandler[] = [
  {
    module: 'dispatch',
    operationId: 'Capacity_GetList',
    handle: (ctx) => {
      const { data } = ctx;
      const body = ctx.body as CapacityRequest;
      const from = Date.parse(body.startsOnOrAfter);
      const to = Date.parse(body.endsOnOrBefore);
      if (!(from < to)) throw badRequest('endsOnOrBefore', 'must be after startsOnOrAfter');
      if (to - from > MAX_RANGE_DAYS * 24 * HOUR) throw badRequest('endsOnOrBefore', `the range may span at most ${MAX_RANGE_DAYS} days`);
      const jobType = body.jobTypeId == null ? undefined : data.jobTypes.get(body.jobTypeId);
      if (body.jobTypeId != null && !jobType) throw badRequest('jobTypeId', `Job type ${body.jobTypeId} does not exist`);
      const businessUnitIds =
        body.businessUnitIds ??
        jobType?.businessUnitIds ??
        data.businessUnits
          .all()
          .filter((b) => b.active)
          .map((b) => b.id);
      businessUnitIds.forEach((id, i) => {
        if (!data.businessUnits.get(id)) throw badRequest(`businessUnitIds[${i}]`, `Business unit ${id} does not exist`);
      });
      const technicians = data.technicians.all().filter((t) => t.active && t.businessUnitId != null && businessUnitIds.includes(t.businessUnitId));
      const busy = data.appointments.all().filter((a) => a.active && a.status !== 'Canceled' && a.status !== 'Done');
      const neededHours = jobType ? jobType.duration / 3600 : 0;

      const availabilities: Availability[] = [];
      const offset = data.utcOffsetHours;
      const firstLocalMidnight = Math.floor((from + offset * HOUR) / (24 * HOUR)) * 24 * HOUR - offset * HOUR;
      for (let day = firstLocalMidnight; day < to; day += 24 * HOUR) {
        for (const hour of WINDOW_START_HOURS) {
          const start = day + hour * HOUR;
          const end = start + WINDOW_HOURS * HOUR;
          if (start < from || end > to) continue;
          const statuses = technicians.map((t) => {
            const booked = busy.some((a) => a.technicianIds.includes(t.id) && Date.parse(a.start) < end && Date.parse(a.end) > start);
            return {
              id: t.id,
              name: t.name,
              status: booked ? ('Unavailable' as const) : ('Available' as const),
              hasRequiredSkills: body.skillBasedAvailability ? true : null,
            };
          });
          const total = technicians.length * WINDOW_HOURS;
          const open = statuses.filter((s) => s.status === 'Available').length * WINDOW_HOURS;
          availabilities.push({
            start: localIso(start, offset),
            end: localIso(end, offset),
            startUtc: new Date(start).toISOString(),
            endUtc: new Date(end).toISOString(),
            businessUnitIds,
            totalAvailability: total,
            openAvailability: open,
            technicians: statuses,
            isAvailable: open > 0 && open >= Math.min(neededHours, WINDOW_HOURS),
            isExceedingIdealBookingPercentage: total > 0 && (total - open) / total > IDEAL_BOOKING_SHARE,
          });
        }
      }
      return { body: { timeStamp: new Date(ctx.now).toISOString(), availabilities } };
    },
  },
];
