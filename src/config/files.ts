/**
 * The config files on disk: read and checked (a broken file is a UserError naming it and
 * every problem), written atomically with mode 0600 in a 0700 folder (the file holds
 * secrets), and the resolution of every setting over them.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { type ConfigFlags, projectConfigPath, type ResolvedConfig, resolveSettings, userConfigPath } from '../core/config.js';
import { type ConfigFile, checkConfig, modeProblem } from '../core/config-file.js';
import { errnoCode, UserError } from '../core/errors.js';
import { jsonErrorPlace, jsonErrorReason } from '../core/json-error.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import { makeDirsSync } from '../files/make-dirs.js';

export interface ResolveOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /** Home directory, for the XDG default; os.homedir() by default. */
  home?: string;
}

/**
 * Who may change the file: refused when others may and it holds secrets (a UserError),
 * else the warning to show, if any. Not on Windows, where mode bits mean nothing.
 */
function checkWhoMayChange(path: string, config: ConfigFile): string | undefined {
  if (process.platform === 'win32') return undefined;
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return undefined;
  }
  const problem = modeProblem(path, mode, config);
  if (problem?.refuse) throw new UserError(problem.message, problem.hint);
  return problem?.message;
}

/**
 * Reads and checks one config file; undefined when it does not exist. A file other users
 * may change is refused when it holds secrets, and warned about otherwise (`trustMode`
 * skips that, for init, which rewrites the file 0600).
 */
export function readConfigFile(path: string, options: { trustMode?: boolean } = {}): ConfigFile | undefined {
  return readChecked(path, options.trustMode === true).config;
}

function readChecked(path: string, trustMode: boolean): { config: ConfigFile | undefined; warning?: string | undefined } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { config: undefined };
    throw new UserError(`cannot read config file ${path} (${code ?? String(error)})`, 'check its permissions, or delete it and run `itscope-hooks init` again');
  }
  let data: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(json);
  } catch (error) {
    // Where and why, never the text: the file may hold a secret.
    throw new UserError(
      `config file ${path} is not valid JSON at ${jsonErrorPlace(error, json)}: ${jsonErrorReason(error)}`,
      'fix the JSON, or delete the file and run `itscope-hooks init` again',
    );
  }
  const config = checkConfig(data, path);
  return { config, warning: trustMode ? undefined : checkWhoMayChange(path, config) };
}

/** Where the project and the user config file are for this working directory and environment. */
export function configPaths(cwd: string, env: NodeJS.ProcessEnv, home = homedir()): { project: string; user: string } {
  return { project: projectConfigPath(cwd), user: userConfigPath(env, home) };
}

/** Every setting with its source, from flags, environment and both config files. */
export function resolveConfig(options: ResolveOptions): ResolvedConfig {
  const { project: projectPath, user: userPath } = configPaths(options.cwd, options.env, options.home);
  const project = readChecked(projectPath, false);
  const user = readChecked(userPath, false);
  return resolveSettings({
    cwd: options.cwd,
    env: options.env,
    ...(options.flags ? { flags: options.flags } : {}),
    project: { path: projectPath, data: project.config },
    user: { path: userPath, data: user.config },
    warnings: [project.warning, user.warning].filter((w): w is string => w !== undefined),
  });
}

/** Writes the config file atomically, mode 0600, creating its folder with mode 0700. */
export function writeConfigFile(path: string, config: ConfigFile): void {
  const dir = dirname(path);
  try {
    makeDirsSync(dir, 0o700);
    writeFileAtomicSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    const code = errnoCode(error);
    const blocker = code === 'ENOTDIR' || code === 'EEXIST' ? fileInTheWay(dir) : undefined;
    if (blocker !== undefined) {
      throw new UserError(`cannot write config file ${path}: ${blocker} is a file, not a folder`, `move or rename ${blocker}, then run init again`);
    }
    throw new UserError(
      `cannot write config file ${path} (${code ?? String(error)})`,
      'check the permissions of the folder, or use --global for your user config',
    );
  }
}

/** The nearest existing ancestor of `dir` (or `dir` itself) when it is not a folder. */
function fileInTheWay(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return statSync(d).isDirectory() ? undefined : d;
    } catch {
      if (dirname(d) === d) return undefined;
    }
  }
}
