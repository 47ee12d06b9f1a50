// Placeholder: the staff console (review queue, integrations, audit trail) is built on top of
// this shell by its own change.
export function StaffPage() {
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff console</h1>
      <p>The review queue and integrations will appear here.</p>
    </section>
  );
}
