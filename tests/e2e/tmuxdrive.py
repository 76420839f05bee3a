# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real piaform editor inside tmux: start it in a detached session of a given
size, send keys, read the screen back, wait for text. Standard library only."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


class Term:
    def __init__(self, argv, width=80, height=24, env=None, cwd=None):
        if shutil.which("tmux") is None:
            print("tmux is not installed: end-to-end tests skipped")
            sys.exit(SKIP)
        self.sock = os.path.join(tempfile.mkdtemp(prefix="piaform-e2e-"), "tmux")
        self.name = "t"
        full_env = dict(os.environ)
        full_env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"})
        full_env.pop("PIAFORM_FORMS_DIR", None)
        if env:
            full_env.update(env)
        self.env = full_env
        cmd = " ".join(shlex_quote(a) for a in argv)
        # keep the pane after exit so the last screen and the exit status can be read
        subprocess.run(["tmux", "-S", self.sock, "-f", "/dev/null", "new-session", "-d",
                        "-s", self.name, "-x", str(width), "-y", str(height),
                        "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8",
                        cmd + "; echo __EXIT:$?__; sleep 30"],
                       check=True, env=full_env, cwd=cwd)
        subprocess.run(self._t("set-option", "-g", "status", "off"), check=False)
        subprocess.run(self._t("set-option", "-g", "escape-time", "0"), check=False)

    def _t(self, *args):
        return ["tmux", "-S", self.sock] + list(args)

    def keys(self, *keys, literal=False, delay=0.05):
        for k in keys:
            args = ["send-keys", "-t", self.name]
            if literal:
                args.append("-l")
            subprocess.run(self._t(*args, k), check=True)
            time.sleep(delay)

    def text(self, s, delay=0.05):
        """Type s literally."""
        self.keys(s, literal=True, delay=delay)

    def paste(self, s):
        """Paste s as one bracketed paste (the way a terminal delivers a paste)."""
        subprocess.run(self._t("set-buffer", "-b", "p", s), check=True)
        subprocess.run(self._t("paste-buffer", "-p", "-b", "p", "-t", self.name), check=True)

    def screen(self):
        out = subprocess.run(self._t("capture-pane", "-p", "-t", self.name),
                             check=True, capture_output=True, text=True)
        return out.stdout

    def resize(self, width, height):
        subprocess.run(self._t("resize-window", "-t", self.name, "-x", str(width),
                               "-y", str(height)), check=True)

    def wait_for(self, needle, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            s = self.screen()
            if needle in s:
                return s
            time.sleep(0.05)
        raise AssertionError("timed out waiting for %r; screen:\n%s" % (needle, self.screen()))

    def wait_gone(self, needle, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            s = self.screen()
            if needle not in s:
                return s
            time.sleep(0.05)
        raise AssertionError("%r did not go away; screen:\n%s" % (needle, self.screen()))

    def settle(self, quiet=0.3, timeout=5.0):
        """Wait until the screen stops changing."""
        end = time.time() + timeout
        last = self.screen()
        stable_since = time.time()
        while time.time() < end:
            time.sleep(0.05)
            s = self.screen()
            if s != last:
                last = s
                stable_since = time.time()
            elif time.time() - stable_since >= quiet:
                return s
        return last

    def exit_status(self, timeout=5.0):
        s = self.wait_for("__EXIT:", timeout)
        return int(s.split("__EXIT:")[1].split("__")[0])

    def close(self):
        subprocess.run(self._t("kill-server"), check=False, capture_output=True)
        shutil.rmtree(os.path.dirname(self.sock), ignore_errors=True)


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


class Suite:
    """A tiny runner: each test is a function; prints a TAP-like line per test and the
    plain closing line 'N passed, N failed'."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - report every failure, keep going
            self.failed += 1
            print("FAIL %s: %s" % (fn.__name__, exc))
        else:
            self.passed += 1
            print("ok %s" % fn.__name__)

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)
