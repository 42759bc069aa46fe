import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type JsonValue, parseJsonSafely } from '../../json.ts';

/**
 * An apiNode's output is the response body (Lamatic: "The data retrieved from the API request";
 * kits read `{{apiNode_1.output}}` as the decoded JSON, e.g. an array): JSON when the body is JSON,
 * the XML converted to JSON when `convertXmlResponseToJson` is on and the body is XML, else text.
 */
export function decodeResponseBody(
  body: string,
  contentType: string | undefined,
  convertXml: boolean,
): { value: JsonValue; as: 'json' | 'xml' | 'text' } {
  const type = (contentType ?? '').toLowerCase();
  const text = body.trim();
  if (type.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    try {
      return { value: parseJsonSafely(text), as: 'json' };
    } catch {
      // Not JSON after all (a `[` that starts a log line, a broken body): hand back the text.
    }
  }
  if (convertXml && (type.includes('xml') || text.startsWith('<')) && XMLValidator.validate(text) === true) {
    return { value: xmlToJson(text), as: 'xml' };
  }
  return { value: body, as: 'text' };
}

/**
 * Elements become keys, repeated elements arrays, attributes `@_name` keys, mixed text `#text`.
 * Tag values are converted to numbers and booleans where they read as such, like other
 * XML-to-JSON converters do. Entities are decoded within the parser's default expansion limits.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

function xmlToJson(text: string): JsonValue {
  return JSON.parse(JSON.stringify(parser.parse(text))) as JsonValue;
}
