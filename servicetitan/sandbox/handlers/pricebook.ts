// pricebook/v2: services.
import { list, type OperationHandler } from './context';

export const pricebookHandlers: OperationHandler[] = [
  {
    module: 'pricebook',
    operationId: 'Services_GetList',
    query: ['searchText'],
    handle: (ctx) => {
      const text = ctx.query.get('searchText')?.toLowerCase();
      return list(
        ctx,
        ctx.data.services.all().filter((s) => !text || s.code.toLowerCase().includes(text) || (s.displayName ?? '').toLowerCase().includes(text)),
      );
    },
  },
];
