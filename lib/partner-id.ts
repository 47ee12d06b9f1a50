// A SmartAC partner id, as every edge accepts it (HTTP paths, tokens, platform events).
import { storableText } from './storable-text';

export const partnerId = storableText.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'partner ids are 1-64 letters, digits, "-" or "_"');
