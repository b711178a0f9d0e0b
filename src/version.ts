// The tool's name, version and home, read once from package.json so there is one source of truth.
import { readFileSync } from 'node:fs';

interface PackageJson {
  name: string;
  version: string;
  homepage: string;
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

export const TOOL_NAME = pkg.name;
export const TOOL_VERSION = pkg.version;
export const DEFAULT_USER_AGENT = `${pkg.name}/${pkg.version} (+${pkg.homepage})`;
