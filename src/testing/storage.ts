import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Storage faults made by the kernel, not by our code: a file set immutable (chattr +i) refuses every
// write, through descriptors already open and to root too; a small tmpfs filled to its last byte
// answers ENOSPC to every write that needs room. Both need root (CAP_LINUX_IMMUTABLE on a file
// system with the attribute, CAP_SYS_ADMIN to mount); chmod would not do: it is checked only when a
// file is opened, and root ignores it anyway.

function works(run: () => void) {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: "pipe" });

/** Turns the immutable attribute of these files on or off. */
export function setImmutable(files: string[], on: boolean) {
  run("chattr", [on ? "+i" : "-i", ...files.filter((file) => fs.existsSync(file))]);
}

/** Whether files in the temp directory can be made immutable here. */
export function canSetImmutable() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tessera-immutable-")), "probe");
  fs.writeFileSync(file, "");
  const ok = works(() => {
    setImmutable([file], true);
    setImmutable([file], false);
  });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return ok;
}

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk has no byte left. */
  fill(): void;
  /** Removes the filler: the disk has room again. */
  free(): void;
  remove(): void;
}

/** Mounts a tmpfs of `mebibytes` on a new temp directory. */
export function mountSmallDisk(mebibytes: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-disk-"));
  run("mount", ["-t", "tmpfs", "-o", `size=${mebibytes}m,mode=0755`, "tmpfs", dir]);
  const filler = path.join(dir, "filler");
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, "a");
      try {
        // Large blocks first, then ever smaller ones, so not even a partial page is left.
        for (const size of [1 << 20, 4096, 1]) {
          const block = Buffer.alloc(size, 1);
          let room = true;
          while (room) room = works(() => fs.writeSync(fd, block));
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(filler, { force: true }),
    remove() {
      run("umount", [dir]);
      fs.rmdirSync(dir);
    },
  };
}

/** Whether a tmpfs can be mounted here. */
export function canMountSmallDisk() {
  return works(() => mountSmallDisk(1).remove());
}
