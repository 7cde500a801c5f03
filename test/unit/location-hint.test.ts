import { describe, expect, it } from "vitest";
import { locationHintFor, parseLocationHint } from "../../src/core/location-hint";

describe("where a new account object is created", () => {
  it.each([
    [{ continent: "EU", country: "DE", longitude: "13.40" }, "weur"],
    [{ continent: "EU", country: "PL", longitude: "21.01" }, "eeur"],
    [{ continent: "EU", country: "GB" }, "weur"],
    [{ continent: "NA", country: "US", longitude: "-122.42" }, "wnam"],
    [{ continent: "NA", country: "US", longitude: "-74.00" }, "enam"],
    [{ continent: "NA", country: "CA" }, "enam"],
    [{ continent: "SA", country: "BR" }, "sam"],
    [{ continent: "AS", country: "JP" }, "apac"],
    [{ continent: "AS", country: "AE" }, "me"],
    [{ continent: "OC", country: "AU" }, "oc"],
    [{ continent: "AF", country: "ZA" }, "afr"],
    [{ continent: "AN" }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ] as const)("%o → %s", (place, hint) => {
    expect(locationHintFor(place)).toBe(hint);
  });

  it("a hint read back from Checkout metadata must be one of the runtime's", () => {
    expect(parseLocationHint("weur")).toBe("weur");
    expect(parseLocationHint("mars")).toBeUndefined();
    expect(parseLocationHint(undefined)).toBeUndefined();
  });
});
