// Every operation the sandbox serves, by module and operationId. Documented operations not
// listed here answer 501, so a missing handler is loud, never a silent 404.
import { crmHandlers } from './crm';
import { dispatchHandlers } from './dispatch';
import { jpmHandlers } from './jpm';
import { marketingHandlers } from './marketing';
import { membershipsHandlers } from './memberships';
import { pricebookHandlers } from './pricebook';
import { settingsHandlers } from './settings';
import type { OperationHandler } from './context';

export const HANDLERS: readonly OperationHandler[] = [
  ...settingsHandlers,
  ...crmHandlers,
  ...jpmHandlers,
  ...dispatchHandlers,
  ...marketingHandlers,
  ...membershipsHandlers,
  ...pricebookHandlers,
];

export function handlerKey(module: string, operationId: string): string {
  return `${module}:${operationId}`;
}

export const HANDLERS_BY_KEY: ReadonlyMap<string, OperationHandler> = new Map(HANDLERS.map((h) => [handlerKey(h.module, h.operationId), h]));
