/**
 * Who asked for a sign-in link, for the sending limits (durable-objects/sign-in-link-rules.ts):
 * the asking network, as a keyed tag so the account object never stores an address.
 * IPv6 counts by its /64, which one customer (or one attacker) usually holds whole.
 */
import { hmacSha256 } from "../core/crypto/digest";
import { bytesToHex } from "../core/crypto/encoding";

/** The network an address belongs to for counting: IPv4 as is, IPv6 as its /64 prefix. */
export function requesterNetwork(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  // An IPv4 tail (::ffff:192.0.2.1) is two groups; only the first four groups matter here.
  const missing = Math.max(0, 8 - left.length - right.length);
  const groups = address.includes("::") ? [...left, ...Array<string>(missing).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export async function requesterTag(routingSecret: string, ip: string): Promise<string> {
  return bytesToHex(await hmacSha256(routingSecret, `sign-in-link-requester\n${requesterNetwork(ip)}`)).slice(0, 32);
}
