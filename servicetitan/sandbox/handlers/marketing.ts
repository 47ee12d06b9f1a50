// marketing/v2: campaigns.
import { list, type OperationHandler } from './context';

export const marketingHandlers: OperationHandler[] = [
  {
    module: 'marketing',
    operationId: 'Campaigns_GetList',
    query: ['name'],
    handle: (ctx) => {
      const name = ctx.query.get('name')?.toLowerCase();
      return list(
        ctx,
        ctx.data.campaigns.all().filter((c) => !name || c.name.toLowerCase().includes(name)),
      );
    },
  },
];
