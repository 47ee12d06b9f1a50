// The Job Note a technician reads before visiting a home with an open SmartAC hub alert. Its
// marker names the alert, so a pass that crashed after adding the note finds it in the job's
// notes and does not add it again.

const ADVICE: Record<string, string> = {
  hub_offline: "The SmartAC hub at this home is offline: check the hub's power and its Wi-Fi connection",
  battery_low: 'SmartAC reports a low battery: check the battery health of the thermostat and the SmartAC sensors',
  air_filter: 'SmartAC flags the air filter: check it and replace it if needed',
};

export function alertMarker(alertId: string): string {
  return `[SmartAC alert ${alertId}]`;
}

export function reminderNote(alert: { id: string; kind: string; detail: string }): string {
  // The column is free text; a kind added to SmartAC's platform later still gets a useful note.
  const advice = ADVICE[alert.kind] ?? `SmartAC raised a "${alert.kind}" alert at this home: check the system`;
  const detail = alert.detail.trim() ? ` Detail: ${alert.detail.trim()}` : '';
  return `SmartAC reminder: ${advice}.${detail} ${alertMarker(alert.id)}`;
}
