import { describe, expect, it } from "vitest";
import { LINK_LIMITS, mayIssueLink, type IssuedLink } from "../../durable-objects/sign-in-link-rules";
import { requesterNetwork, requesterTag } from "../../src/auth/link-requester";

const now = Date.UTC(2026, 10, 30, 12);
const MIN = 60_000;
const links = (requester: string | null, ...minutesAgo: number[]): IssuedLink[] => minutesAgo.map((m) => ({ issuedAt: now - m * MIN, requester }));

describe("sign-in link sending limits", () => {
  it("send to a requester up to 3 times in 15 minutes, then not until the oldest of those is 15 minutes old", () => {
    expect(mayIssueLink(links("a", 1, 2), "a", now)).toEqual({ send: true });
    expect(mayIssueLink(links("a", 1, 2, 14), "a", now)).toEqual({ send: false, rule: "requester_15_minutes" });
    expect(mayIssueLink(links("a", 1, 2, 15), "a", now)).toEqual({ send: true });
  });

  it("send to a requester at most 6 times a day", () => {
    expect(mayIssueLink(links("a", 20, 40, 60, 80, 100), "a", now)).toEqual({ send: true });
    expect(mayIssueLink(links("a", 20, 40, 60, 80, 100, 1439), "a", now)).toEqual({ send: false, rule: "requester_day" });
    expect(mayIssueLink(links("a", 20, 40, 60, 80, 100, 1440), "a", now)).toEqual({ send: true });
  });

  it("leave other requesters their own allowance: one network flooding does not stop the owner", () => {
    const flood = links("attacker", 1, 2, 3, 20, 40, 60);
    expect(mayIssueLink(flood, "attacker", now).send).toBe(false);
    expect(mayIssueLink(flood, "owner", now)).toEqual({ send: true });
  });

  it("cap an address at 20 a day however many requesters ask, and let a day-old link fall out", () => {
    const many = Array.from({ length: 10 }, (_, i) => links(`net-${i}`, 30, 600)).flat();
    expect(many).toHaveLength(LINK_LIMITS.perAccountPerDay);
    expect(mayIssueLink(many, "someone-new", now)).toEqual({ send: false, rule: "account_day" });
    expect(mayIssueLink(many.slice(1), "someone-new", now)).toEqual({ send: true });
    expect(mayIssueLink([...many.slice(1), ...links("net-0", 1441)], "someone-new", now)).toEqual({ send: true });
  });

  it("neither limit nor count links sent by support", () => {
    expect(mayIssueLink([...links(null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)], "owner", now)).toEqual({ send: true });
  });
});

describe("sign-in link requesters", () => {
  it("count IPv4 by address and IPv6 by its /64", () => {
    expect(requesterNetwork("192.0.2.7")).toBe("192.0.2.7");
    expect(requesterNetwork("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(requesterNetwork("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(requesterNetwork("2001:0db8::5")).toBe("2001:db8:0:0::/64");
    expect(requesterNetwork("::1")).toBe("0:0:0:0::/64");
    expect(requesterNetwork("::ffff:192.0.2.1")).toBe("0:0:0:0::/64");
  });

  it("are keyed tags: one per network, never the address itself", async () => {
    const a = await requesterTag("secret", "2001:db8:1:2::1");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(await requesterTag("secret", "2001:db8:1:2:ffff::9")).toBe(a);
    expect(await requesterTag("secret", "2001:db8:1:3::1")).not.toBe(a);
    expect(await requesterTag("another", "2001:db8:1:2::1")).not.toBe(a);
  });
});
