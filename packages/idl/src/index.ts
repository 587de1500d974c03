export { types, typeToString } from "./types.js";
export { literals, literalMap } from "./literals.js";
export {
  formatIdentifier,
  parseIdentifier,
  identifierKey,
  formatExecutionId,
  flyteUrl,
  parseFlyteUrl,
  type ParsedFlyteUrl,
} from "./identifiers.js";
export { protoJsonOptions, flyteRegistry } from "./json.js";
