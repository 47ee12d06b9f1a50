// The ST-App-Key the local sandbox registers for SmartAC's app. Public on purpose: it only opens the
// sandbox. A leaf, so that configuration (lib/config.ts) can default to it when the sandbox plays
// ServiceTitan without depending on the sandbox's seed data.
export const SANDBOX_SMARTAC_APP_KEY = 'ak1.sandbox.smartac.0a1b2c3d4e5f';
