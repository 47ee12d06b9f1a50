// Settings > Integrations: where the guide starts ("navigate to Settings > Integrations, find
// ServiceTitan and click Connect").
import { Link } from '../router';

export function IntegrationsPage() {
  return (
    <section aria-labelledby="integrations-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>Settings</li>
          <li aria-current="page">Integrations</li>
        </ol>
      </nav>
      <h1 id="integrations-title">Integrations</h1>
      <ul className="cards">
        <li className="card">
          <h2>ServiceTitan</h2>
          <p>Sync SmartAC.com maintenance plans, visits and Comfort Credits with your ServiceTitan account.</p>
          <Link to="/settings/integrations/servicetitan" className="button" aria-label="Connect ServiceTitan">
            Connect
          </Link>
        </li>
      </ul>
    </section>
  );
}
