import type { JsonValue } from '@flowgate/engine';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * The `JSON` scalar. Its literal parser resolves variables nested inside object and list literals,
 * because Lamatic's own snippets send `payload: { url: $url }` with `$url: String`.
 */
export const JsonScalar = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value as JsonValue,
  parseValue: (value) => value as JsonValue,
  parseLiteral: (node, variables) => literalToJson(node, variables ?? undefined),
});

function literalToJson(node: ValueNode, variables: Readonly<Record<string, unknown>> | undefined): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT: {
      const object: Record<string, JsonValue> = {};
      for (const field of node.fields) {
        if (field.name.value === '__proto__') continue;
        object[field.name.value] = literalToJson(field.value, variables);
      }
      return object;
    }
    case Kind.VARIABLE:
      return (variables?.[node.name.value] ?? null) as JsonValue;
  }
}
