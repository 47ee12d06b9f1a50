// settings/v2: business units, tag types, technicians.
import { list, queryIds, type OperationHandler } from './context';

export const settingsHandlers: OperationHandler[] = [
  {
    module: 'settings',
    operationId: 'BusinessUnits_GetList',
    query: ['name'],
    handle: (ctx) => {
      const name = ctx.query.get('name')?.toLowerCase();
      return list(
        ctx,
        ctx.data.businessUnits.all().filter((bu) => !name || bu.name.toLowerCase().includes(name)),
      );
    },
  },
  {
    module: 'settings',
    operationId: 'TagTypes_GetList',
    handle: (ctx) => list(ctx, ctx.data.tagTypes.all()),
  },
  {
    module: 'settings',
    operationId: 'Technicians_GetList',
    query: ['name', 'userIds'],
    handle: (ctx) => {
      const name = ctx.query.get('name')?.toLowerCase();
      const userIds = queryIds(ctx, 'userIds');
      return list(
        ctx,
        ctx.data.technicians.all().filter((t) => (!name || t.name.toLowerCase().includes(name)) && (!userIds || userIds.has(t.userId))),
      );
    },
  },
];
