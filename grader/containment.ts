// How the operating system contains a student's process. In order of preference: bubblewrap (`bwrap`:
// no network, its own PID, IPC and user namespaces, a read-only view of nothing but the sandbox folder,
// the compiled course code and the Node binary with its libraries, a new session, killed with the
// grader), then `unshare` (no network, own PID, IPC and user namespaces; the file system is limited by
// Node's permission model alone), then nothing but the in-process guards of the runner (macOS, or a host
// that forbids namespaces). OPTLAB_CONTAINMENT=bubblewrap|unshare|none caps the choice (for tests, or to
// compare); the first kind from there on that works on this machine is used.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";

/** The kinds of containment, strongest first. */
export const CONTAINMENT_ORDER = ["bubblewrap", "unshare", "none"] as const;

/** One kind of containment. */
export type ContainmentKind = (typeof CONTAINMENT_ORDER)[number];

/** What the terminal and summary.txt say about each kind. */
export const CONTAINMENT_DESCRIPTIONS: Record<ContainmentKind, string> = {
  bubblewrap: "bubblewrap (no network, own process namespace)",
  unshare: "unshare (no network, own process namespace)",
  none: "in-process guards only (no operating-system isolation was available)",
};

/** The environment variable that caps the containment. */
export const CONTAINMENT_VARIABLE = "OPTLAB_CONTAINMENT";

/** Reads OPTLAB_CONTAINMENT: null (unset or empty: the strongest that works) or a kind; throws on anything else. */
export function containmentFromEnv(value: string | undefined = process.env[CONTAINMENT_VARIABLE]): ContainmentKind | null {
  if (value === undefined || value === "") return null;
  const kind = value === "bwrap" ? "bubblewrap" : value;
  if ((CONTAINMENT_ORDER as readonly string[]).includes(kind)) return kind as ContainmentKind;
  throw new Error(`invalid ${CONTAINMENT_VARIABLE} = ${JSON.stringify(value)}; expected one of bubblewrap (or bwrap), unshare, none, or unset`);
}

/** The first kind, from `preferred` (default: the strongest) onwards, for which `works` is true; "none" always works. */
export function selectContainment(preferred: ContainmentKind | null, works: (kind: ContainmentKind) => boolean): ContainmentKind {
  const from = preferred === null ? 0 : CONTAINMENT_ORDER.indexOf(preferred);
  for (const kind of CONTAINMENT_ORDER.slice(from)) if (kind === "none" || works(kind)) return kind;
  return "none";
}

/** The shared libraries a binary loads (from `ldd`), so bubblewrap can show it exactly those; [] if unknown. */
function sharedLibraries(binary: string): string[] {
  const ldd = spawnSync("ldd", [binary], { encoding: "utf8", timeout: 10_000 });
  if (ldd.status !== 0) return [];
  const found: string[] = [];
  for (const line of ldd.stdout.split("\n")) {
    const m = /(\/\S+) \(0x/.exec(line);
    if (m) found.push(m[1]);
  }
  return found;
}

/** Whether bubblewrap may give the process a user namespace of its own (found out by containmentWorks). */
let bwrapUserNamespace = true;

/** The command and arguments that run `argv` (argv[0] is the program) under one kind of containment. */
export function wrapCommand(kind: ContainmentKind, argv: readonly string[], readable: readonly string[], cwd: string): { command: string; args: string[] } {
  if (kind === "none") return { command: argv[0], args: argv.slice(1) };
  if (kind === "unshare") {
    // --kill-child: the student's process dies with unshare; without --map-root-user it runs as an unmapped user.
    return { command: "unshare", args: ["--user", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--", ...argv] };
  }
  const binds = [...programBinds(argv[0])];
  for (const dir of readable) binds.push(...readOnlyBind(dir));
  // As nobody in a user namespace of its own, without capabilities; a setuid bwrap on a host without user
  // namespaces refuses that, and then runs without it (it drops its privileges itself).
  const user = bwrapUserNamespace ? ["--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"] : [];
  return {
    command: "bwrap",
    args: [
      "--unshare-all",
      ...user,
      "--die-with-parent",
      "--new-session",
      ...binds,
      "--chdir", cwd,
      "--",
      ...argv,
    ],
  };
}

/** bubblewrap's arguments that show one path read-only at the same place (none when it does not exist). */
function readOnlyBind(path: string): string[] {
  return existsSync(path) ? ["--ro-bind", realpathSync(path), path] : [];
}

const programBindCache = new Map<string, string[]>();
/** The binds of a program and its shared libraries, found once per grading run (they do not change during it). */
function programBinds(binary: string): readonly string[] {
  let binds = programBindCache.get(binary);
  if (!binds) programBindCache.set(binary, (binds = [binary, ...sharedLibraries(binary)].flatMap(readOnlyBind)));
  return binds;
}

function startsNode(kind: ContainmentKind): boolean {
  const { command, args } = wrapCommand(kind, [process.execPath, "-e", "0"], [], "/");
  return spawnSync(command, args, { stdio: "ignore", timeout: 10_000, env: {} }).status === 0;
}

/** True when a kind of containment can start Node on this machine (it runs `node -e 0` inside it). */
export function containmentWorks(kind: ContainmentKind): boolean {
  if (kind === "none") return true;
  if (kind === "bubblewrap") {
    bwrapUserNamespace = true;
    if (startsNode(kind)) return true;
    bwrapUserNamespace = false;
  }
  return startsNode(kind);
}

let detected: ContainmentKind | null = null;

/** The containment used for this grading run: OPTLAB_CONTAINMENT's cap, then the strongest that works (probed once). */
export function detectContainment(): ContainmentKind {
  detected ??= selectContainment(containmentFromEnv(), containmentWorks);
  return detected;
}
