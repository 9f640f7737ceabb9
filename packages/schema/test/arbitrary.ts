import fc from "fast-check";
import type { $ZodType } from "zod/v4/core";

/** The parts of a zod schema definition this deriver reads. */
interface Def {
  type: string;
  format?: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, Schema>;
  options?: Schema[];
  innerType?: Schema;
  element?: Schema;
  items?: Schema[];
  keyType?: Schema;
  valueType?: Schema;
  values?: unknown[];
  entries?: Record<string, string>;
}

interface CheckDef {
  check: string;
  value?: number;
  minimum?: number;
  maximum?: number;
  params?: { code?: string };
  pattern?: RegExp;
}

interface Schema {
  _zod: { def: Def };
}

function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function customCode(def: Def): string | undefined {
  return checksOf(def).find((c) => c.check === "custom")?.params?.code;
}

const base64Bytes = fc.uint8Array({ maxLength: 96 }).map((b) => Buffer.from(b).toString("base64"));

const imageDataUri = fc
  .tuple(fc.constantFrom("png", "jpeg"), base64Bytes)
  .map(([kind, data]) => `data:image/${kind};base64,${data}`);

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  switch (customCode(def)) {
    case "invalid_base64":
      return base64Bytes;
    case "image_data_uri":
      return imageDataUri;
  }
  const format = checksOf(def).find((c) => c.check === "string_format");
  if (format?.pattern !== undefined) return fc.stringMatching(format.pattern);
  let minLength = 0;
  let maxLength = 24;
  for (const c of checksOf(def)) {
    if (c.check === "min_length" && c.minimum !== undefined) minLength = c.minimum;
    if (c.check === "max_length" && c.maximum !== undefined)
      maxLength = Math.min(maxLength, c.maximum);
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  for (const c of checksOf(def)) {
    if (c.check === "greater_than") min = c.value;
    if (c.check === "less_than") max = c.value;
  }
  if (def.format === "safeint") {
    return fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 });
  }
  return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
}

/**
 * A fast-check arbitrary of values a zod schema accepts, derived from the schema's definition
 * (objects, unions, ranges, lengths, enums, literals, and our custom checks: base64 audio, image
 * data URIs, the MCP server-or-connector rule and the metadata size limit).
 */
export function arbitraryFor(schema: $ZodType): fc.Arbitrary<unknown> {
  return derive(schema as unknown as Schema);
}

function derive(schema: Schema): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  switch (def.type) {
    case "string":
      return stringArbitrary(def);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "unknown":
      return fc.jsonValue({ maxDepth: 2 });
    case "literal":
      return fc.constantFrom(...(def.values ?? []));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case "optional":
      return derive(def.innerType as Schema);
    case "nullable":
      return fc.option(derive(def.innerType as Schema), { nil: null });
    case "array":
      return fc.array(derive(def.element as Schema), { maxLength: 3 });
    case "tuple":
      return fc.tuple(...(def.items ?? []).map(derive));
    case "union":
      return fc.oneof(...(def.options ?? []).map(derive));
    case "record": {
      const maxKeys = customCode(def) === "metadata_too_many" ? 16 : 4;
      return fc.dictionary(
        derive(def.keyType as Schema) as fc.Arbitrary<string>,
        derive(def.valueType as Schema),
        { maxKeys },
      );
    }
    case "object": {
      const shape = def.shape ?? {};
      const required = Object.keys(shape).filter((k) => shape[k]?._zod.def.type !== "optional");
      const record = fc.record(
        Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, derive(s)])),
        { requiredKeys: required },
      );
      if (customCode(def) !== "mcp_server_or_connector") return record;
      // Exactly one of server_url, connector_id and tunnel_id.
      return fc
        .tuple(
          record,
          fc.constantFrom("server_url", "connector_id", "tunnel_id"),
          derive(shape.server_url as Schema),
          derive(shape.connector_id as Schema),
          derive(shape.tunnel_id as Schema),
        )
        .map(([tool, use, url, connector, tunnel]) => {
          const {
            server_url: _u,
            connector_id: _c,
            tunnel_id: _t,
            ...rest
          } = tool as Record<string, unknown>;
          const target = { server_url: url, connector_id: connector, tunnel_id: tunnel }[use];
          return { ...rest, [use]: target };
        });
    }
    default:
      throw new Error(`arbitraryFor: no arbitrary for zod type "${def.type}"`);
  }
}
