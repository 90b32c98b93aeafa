// The version of STAR Studio, read from package.json (the one place it is written): esbuild inlines the field into
// each bundle, so the CLIs and the server report it without a package.json beside them.
import { version } from '../../package.json';

export const VERSION: string = version;
