// The ServiceTitan API areas ("modules") the product uses. Each has its own OpenAPI document
// (`<module>-v2.json` in this folder, copied verbatim from ServiceTitan's published definitions),
// its own URL prefix (`/<module>/v2`) and its own scopes, so access is granted and denied per area.
export const API_MODULES = ['settings', 'crm', 'jpm', 'dispatch', 'marketing', 'memberships', 'pricebook'] as const;

export type ApiModule = (typeof API_MODULES)[number];

export function isApiModule(value: string): value is ApiModule {
  return (API_MODULES as readonly string[]).includes(value);
}
