import fs from "node:fs";
import path from "node:path";
import npmChromium from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";
import { PROJECT_ROOT } from "../app/app.js";

export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output", "screenshots");
fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

/** Headless, and the network flags keep it from calling home on a closed network. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

// We draw on the CPU (--disable-gpu): its flags then leave out SwiftShader's GL and turn WebGL off.
npmChromium.setGraphicsMode = false;

/**
 * Of @sparticuz/chromium's Lambda flags, those we leave out: one process for all pages (Lambda's
 * sandbox needs it; here closing one browser context kills the whole browser), the security switches
 * (tests must see the CORS, mixed-content and site-isolation rules a real browser applies) and its
 * quoted --headless='shell' (meant for a shell; Playwright passes --headless itself).
 */
const DROPPED = [
  "--single-process",
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--disable-features=",
  "--enable-features=",
  "--headless",
];

/** The Debian packages of the libraries the npm Chromium links beyond glibc, for the error message. */
const DEBIAN_PACKAGE: Record<string, string> = {
  "libnss3.so": "libnss3",
  "libnssutil3.so": "libnss3",
  "libnspr4.so": "libnspr4",
  "libplc4.so": "libnspr4",
  "libplds4.so": "libnspr4",
  "libexpat.so.1": "libexpat1",
};

/**
 * Chromium, headless: CHROMIUM_PATH if set, else the one from npm (@sparticuz/chromium). A missing
 * shared library fails with one line naming it.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const own = process.env.CHROMIUM_PATH;
  if (own && !fs.existsSync(own)) throw new Error(`CHROMIUM_PATH=${own} does not exist`);
  const npm = own ? undefined : await unpackNpmChromium();
  try {
    return await chromium.launch({
      executablePath: own ?? npm?.executablePath,
      headless: true,
      args: [
        ...(npm ? npmChromium.args.filter((arg) => !DROPPED.some((d) => arg.startsWith(d))) : []),
        ...FLAGS,
        ...extraArgs,
      ],
      ...(npm && { env: { ...process.env, FONTCONFIG_FILE: npm.fontsConf } as Record<string, string> }),
    });
  } catch (error) {
    const lib = /error while loading shared libraries: ([^:\s]+)/.exec(String(error))?.[1];
    if (!lib) throw error;
    const apt = DEBIAN_PACKAGE[lib] ? ` (Debian/Ubuntu: apt-get install ${DEBIAN_PACKAGE[lib]})` : "";
    const missing = new Error(`Chromium cannot start: this machine lacks the shared library ${lib}${apt}`);
    missing.stack = missing.message; // the line says it all; Playwright's launch log and frames would bury it
    throw missing;
  }
}

let unpacked: Promise<{ executablePath: string; fontsConf: string }> | undefined;

/**
 * The npm Chromium, unpacked once per package version into node_modules/.cache. The package itself
 * unpacks into os.tmpdir() and takes any existing file there as done, so two Vitest workers starting
 * together would run a half-written binary. Here each process unpacks into a directory of its own and
 * renames it into place: the rename is atomic, and whoever loses it drops its copy and uses the winner's.
 */
function unpackNpmChromium() {
  unpacked ??= (async () => {
    const pkg = path.join(PROJECT_ROOT, "node_modules", "@sparticuz", "chromium", "package.json");
    const { version } = JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string };
    const dir = path.join(PROJECT_ROOT, "node_modules", ".cache", `chromium-${version}`);
    const result = { executablePath: path.join(dir, "chromium"), fontsConf: path.join(dir, "fonts.conf") };
    if (fs.existsSync(result.executablePath)) return result;

    const staging = `${dir}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    // executablePath() reads os.tmpdir() before it first yields, so TMPDIR needs pointing here only for the call.
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    const inflating = npmChromium.executablePath();
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    const binary = await inflating;
    if (binary !== path.join(staging, "chromium"))
      throw new Error(`@sparticuz/chromium ${version} unpacked to ${binary}, expected ${staging}`);

    // Its fonts.conf names /tmp/fonts; ours adds the system's fonts where there are any, DejaVu from npm
    // (what the pages ask for) and the package's Open Sans, so text never falls back to empty boxes.
    const xml = (p: string) => p.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
    fs.writeFileSync(
      path.join(staging, "fonts.conf"),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${xml(path.join(PROJECT_ROOT, "node_modules", "dejavu-fonts-ttf", "ttf"))}</dir>
  <dir>${xml(path.join(dir, "fonts"))}</dir>
  <cachedir>${xml(path.join(dir, "fontconfig-cache"))}</cachedir>
</fontconfig>
`,
    );
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      if (!fs.existsSync(result.executablePath)) throw error;
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return result;
  })();
  return unpacked;
}
