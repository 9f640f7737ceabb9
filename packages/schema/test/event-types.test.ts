import {
  clientEventTypes,
  isServerEventType as coreIsServerEventType,
  serverEventTypes,
} from "@echo/core";
import { describe, expect, it } from "vitest";
import { clientEventSchemas, isServerEventType, serverEventSchemas } from "../src/index.js";

// core owns the lists of event types; the schemas must cover exactly those, no more, no less.
describe("event types: schema and core agree", () => {
  it("the server schemas' keys are core's serverEventTypes", () => {
    expect(Object.keys(serverEventSchemas).sort()).toEqual([...serverEventTypes].sort());
  });

  it("the client schemas' keys are core's clientEventTypes", () => {
    expect(Object.keys(clientEventSchemas).sort()).toEqual([...clientEventTypes].sort());
  });

  it("isServerEventType is core's own function, not a second implementation", () => {
    expect(isServerEventType).toBe(coreIsServerEventType);
    for (const type of serverEventTypes) expect(isServerEventType(type), type).toBe(true);
    expect(isServerEventType("response.audio.delta")).toBe(false); // the retired beta name
    expect(isServerEventType("toString")).toBe(false);
    expect(isServerEventType(42)).toBe(false);
  });
});
