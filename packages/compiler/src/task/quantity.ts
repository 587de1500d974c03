/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`, `+1k`) as `resource.ParseQuantity` accepts
 * them: a signed decimal number followed by an optional binary-SI, decimal-SI or exponent suffix.
 */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

export function isValidQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}
