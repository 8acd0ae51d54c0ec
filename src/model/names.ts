// Name and value syntax checks, restated from k8s.io/apimachinery/pkg/util/validation. Each
// function returns the list of Kubernetes' messages (empty when valid), like the Go `Is…` helpers.

/** `validation.RegexError`: the message, examples and regex, in Kubernetes' exact wording. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

/** `validation.MaxLenError`. */
export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

const EMPTY_ERROR = 'must be non-empty';
/** The shared "no error" result: valid values allocate nothing. */
const NONE: readonly string[] = Object.freeze([]);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
/** Maximum length of a DNS-1123 label. */
export const DNS1123_LABEL_MAX = 63;

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
/** Maximum length of a DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX = 253;

/** `IsDNS1123Label`: at most 63 characters of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`. */
export function isDNS1123Label(value: string): readonly string[] {
  if (value.length > DNS1123_LABEL_MAX) return [maxLenError(DNS1123_LABEL_MAX)];
  if (DNS1123_LABEL_RE.test(value)) return NONE;
  if (DNS1123_SUBDOMAIN_RE.test(value)) return ['must not contain dots'];
  return [regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc')];
}

/** `IsDNS1123Subdomain`: at most 253 characters of dot-separated DNS-1123 labels. */
export function isDNS1123Subdomain(value: string): readonly string[] {
  if (value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN_RE.test(value)) return NONE;
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/**
 * `NameIsDNSSubdomain(name, prefix)`: the object-name rule. With `prefix` (a generateName), a
 * trailing `-` is allowed.
 */
export function nameIsDNSSubdomain(name: string, prefix: boolean): readonly string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** `NameIsDNSLabel(name, prefix)`. */
export function nameIsDNSLabel(name: string, prefix: boolean): readonly string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MAX = 63;

/** `IsQualifiedName`: `[prefix/]name`, the syntax of label and annotation keys. */
export function isQualifiedName(value: string): readonly string[] {
  if (value.length <= QUALIFIED_NAME_MAX && QUALIFIED_NAME_RE.test(value)) return NONE;
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (name.length > QUALIFIED_NAME_MAX) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** `IsValidLabelValue`: empty, or at most 63 characters of the qualified-name alphabet. */
export function isValidLabelValue(value: string): readonly string[] {
  if (value.length <= 63 && LABEL_VALUE_RE.test(value)) return NONE;
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** `IsValidPortName`: an IANA_SVC_NAME (at most 15 lowercase alphanumerics or '-', one letter). */
export function isValidPortName(port: string): readonly string[] {
  if (port.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(port) && /[a-z]/.test(port)) return NONE;
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** `IsValidPortNum`: 1–65535. */
export function isValidPortNum(port: number): readonly string[] {
  return port >= 1 && port <= 65535 ? NONE : ['must be between 1 and 65535, inclusive'];
}

/**
 * `IsRelaxedEnvVarName` (the RelaxedEnvironmentVariableValidation gate is on by default): any
 * printable ASCII except `=`.
 */
export function isRelaxedEnvVarName(value: string): readonly string[] {
  if (value.length === 0) return [`environment variable name ${EMPTY_ERROR}`];
  return /^[ -<>-~]+$/.test(value)
    ? NONE
    : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

/** `IsValidPercent`: `[0-9]+%`. */
export function isValidPercent(value: string): readonly string[] {
  return /^[0-9]+%$/.test(value)
    ? NONE
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')];
}

/** `IsHTTPHeaderName`. */
export function isHTTPHeaderName(value: string): readonly string[] {
  return /^[-A-Za-z0-9]+$/.test(value)
    ? NONE
    : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')];
}
