// System Reminders: always on, nothing to configure; the guide explains what they are.
export function SystemRemindersStep({ onContinue }: { onContinue: () => void }) {
  return (
    <>
      <p>SmartAC automatically adds technician reminders directly to Job Notes in ServiceTitan. No additional configuration is required.</p>
      <h3>What reminders are included</h3>
      <ul>
        <li>Hub offline alerts</li>
        <li>Battery health notifications</li>
        <li>Air filter status updates</li>
      </ul>
      <p>These reminders will appear in Job Notes for improved visibility when your technicians are on-site. They are always on.</p>
      <button type="button" onClick={onContinue}>
        Continue
      </button>
    </>
  );
}
