import type { Command } from '../command.js';
import { runShell } from '../sh/run-shell.js';
import type { DefineProgramOptions, FakeImageSpec, FakeProgram } from '../types.js';
import { BASIC_PROGRAMS } from './basic.js';
import { FILE_PROGRAMS } from './files.js';
import { NET_PROGRAMS } from './net.js';
import { userCommand } from './user-program.js';

/** Every built-in program of fake images (a busybox subset plus `pause`). */
export const BUILTIN_PROGRAMS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['sh', runShell],
  ['ash', runShell],
  ...BASIC_PROGRAMS,
  ...FILE_PROGRAMS,
  ...NET_PROGRAMS,
]);

/** The programs of a FakeRuntime: built-ins plus the ones users define, scoped to images. */
export class ProgramTable {
  readonly #user = new Map<string, { readonly command: Command; readonly images: ReadonlySet<string> | undefined }>();

  constructor(private readonly normalize: (ref: string) => string) {}

  define(name: string, program: FakeProgram, options: DefineProgramOptions = {}): void {
    this.#user.set(name, {
      command: userCommand(program),
      images: options.images === undefined ? undefined : new Set(options.images.map(this.normalize)),
    });
  }

  /** The command a name (or a path: its last segment) runs in an image, if the image has it. */
  resolve(name: string, imageRef: string, spec: FakeImageSpec): Command | undefined {
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    const user = this.#user.get(base);
    if (spec.programs !== undefined) {
      if (!spec.programs.includes(base)) return undefined;
      return user?.command ?? BUILTIN_PROGRAMS.get(base);
    }
    if (user !== undefined && (user.images === undefined || user.images.has(imageRef))) return user.command;
    return BUILTIN_PROGRAMS.get(base);
  }
}
