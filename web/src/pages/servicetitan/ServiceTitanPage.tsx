// Settings > Integrations > ServiceTitan: the setup guide, step by step, then the live integration.
export function ServiceTitanPage() {
  return (
    <section aria-labelledby="servicetitan-title">
      <h1 id="servicetitan-title">ServiceTitan</h1>
    </section>
  );
}
