// `npm run event -- --partner acme --type comfort_credits.balance_changed --data '{"locationId":1001234,"balance":120,"asOf":"2026-11-29T10:00:00Z"}'`
// Delivers one SmartAC event to the local API the way SmartAC's platform does: a fresh id (or
// --id to repeat one), signed with SMARTAC_WEBHOOK_SECRET. Prints the API's answer.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signEvent } from '../api/events/signature';
import { loadConfig } from '../lib/config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { partner: { type: 'string' }, type: { type: 'string' }, data: { type: 'string' }, id: { type: 'string' }, url: { type: 'string' } },
    strict: true,
  });
  if (!values.partner || !values.type || !values.data) {
    console.error('usage: npm run event -- --partner <partnerId> --type <event type> --data <JSON> [--id <event id>] [--url http://127.0.0.1:3000]');
    process.exit(2);
  }
  const config = loadConfig();
  const body = JSON.stringify({
    id: values.id ?? randomUUID(),
    type: values.type,
    createdAt: new Date().toISOString(),
    partnerId: values.partner,
    data: JSON.parse(values.data) as unknown,
  });
  const url = `${values.url ?? `http://127.0.0.1:${config.api.port}`}/v1/events`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'smartac-signature': signEvent(body, config.secrets.webhookSecret) },
    body,
  });
  console.log(res.status, await res.text());
  if (!res.ok) process.exit(1);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
