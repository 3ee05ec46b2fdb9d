/**
 * A Teams channel id as an operator's file may give it: as Teams knows it (`19:…@thread.tacv2`),
 * or as it stands in the channel's link (*Get link to channel*), URL-encoded
 * (`19%3a…%40thread.tacv2`) or the whole link. Teams refuses a post to the encoded form, which
 * would be found out only when a message to the channel is parked as dead, days later.
 */
export function teamsChannelId(v: string): string {
  const raw = /^https:\/\/teams\.microsoft\.com\/l\/channel\/([^/?#]+)/i.exec(v)?.[1] ?? v;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
