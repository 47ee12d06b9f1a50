import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        Go to <Link to="/">the start page</Link>.
      </p>
    </section>
  );
}
