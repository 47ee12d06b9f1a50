// ServiceTitan's help pages the guide links to.
export const HELP = {
  tenantId: 'https://help.servicetitan.com/problem-solution/where-can-i-find-my-tenant-id-for-integrations-in-servicetitan',
  capacityPlanning: 'https://help.servicetitan.com/how-to/set-up-adjustable-capacity-planning',
} as const;
