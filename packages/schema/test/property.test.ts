import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientEvent, clientEventSchemas, isClientEvent, validate } from "../src/index.js";
import { arbitraryFor } from "./arbitrary.js";

describe("arbitraries derived from the schemas", () => {
  it.each(Object.entries(clientEventSchemas))(
    "%s: generated events survive a JSON round trip and still validate",
    (_, schema) => {
      fc.assert(
        fc.property(arbitraryFor(schema), (event) => {
          const text = JSON.stringify(event);
          const back: unknown = JSON.parse(text);
          expect(JSON.stringify(validate(back))).toBe(text);
        }),
        { numRuns: 150 },
      );
    },
  );

  it("the union schema and isClientEvent agree with validate on generated events", () => {
    fc.assert(
      fc.property(arbitraryFor(clientEvent), (event) => {
        expect(isClientEvent(event)).toBe(true);
        expect(clientEvent.safeParse(event).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("adding an unknown field to a generated event always fails validation", () => {
    fc.assert(
      fc.property(arbitraryFor(clientEvent), fc.string({ minLength: 1 }), (event, key) => {
        fc.pre(!["type", "event_id"].includes(key));
        const target = event as Record<string, unknown>;
        fc.pre(!(key in target));
        expect(isClientEvent({ ...target, [key]: 1 })).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
