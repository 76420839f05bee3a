# SPDX-License-Identifier: GPL-3.0-or-later
"""A pseudo-terminal driver: start a program in a pty of a given size and environment, feed
it keys, and record every byte it writes with the time it arrived. "The screen is complete"
is taken to mean "the program has stopped writing": the output has been quiet for a while.
Standard library only, so that the benchmarks (and end-to-end tests) need nothing else."""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

# A cursor position request (ESC [ 6 n). Both programs under test may send it; a terminal
# that never answers would make one of them wait, so the driver answers like a terminal
# that draws ambiguous characters one column wide.
CPR_QUERY = b"\x1b[6n"


class Session:
    """One program in one pty. Times are seconds since just before the fork."""

    def __init__(self, argv, cols=80, rows=24, env=None, cwd=None, answer_cpr=True):
        self.argv = list(argv)
        self.cols, self.rows = cols, rows
        self.answer_cpr = answer_cpr
        self.log = []  # (seconds since start, bytes)
        self.total = 0
        self.cpr_answers = 0
        full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get(
            "HOME", "/tmp"), "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        if env:
            full.update(env)
        self.env = full
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program can ask
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status = None
        self._tail = b""

    def elapsed(self):
        return time.monotonic() - self.t0

    def _read_once(self, timeout):
        """Read what is there within timeout; False once the program has gone away."""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the slave side is closed
            return False
        if not data:
            return False
        self.log.append((self.elapsed(), data))
        self.total += len(data)
        if self.answer_cpr:
            seen = (self._tail + data).count(CPR_QUERY) - self._tail.count(CPR_QUERY)
            for _ in range(seen):
                os.write(self.fd, b"\x1b[1;2R")
                self.cpr_answers += 1
            self._tail = (self._tail + data)[-8:]
        return True

    def settle(self, quiet=0.3, timeout=20.0, need_bytes=0):
        """Wait until at least need_bytes new bytes have come and the output has then been
        quiet for `quiet` seconds. Returns the time of the last byte before the quiet period,
        or None on timeout (or when the program ended before writing need_bytes). A program
        that is slow to write its first byte (a cold start) is waited for: ask need_bytes=1."""
        start_total = self.total
        called = self.elapsed()
        end = called + timeout
        while self.elapsed() < end:
            alive = self._read_once(min(quiet, 0.05))
            got = self.total - start_total
            last = self.log[-1][0] if self.log else 0.0
            if not alive:
                return last if got >= need_bytes else None
            if got >= need_bytes and self.elapsed() - max(last, called) >= quiet:
                return last
        return None

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        os.write(self.fd, data)

    def cpu_seconds(self):
        """CPU time used so far (user + system), in seconds, as precisely as the kernel tells:
        /proc/PID/schedstat counts nanoseconds; /proc/PID/stat only clock ticks."""
        try:
            with open("/proc/%d/schedstat" % self.pid) as f:
                return int(f.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            with open("/proc/%d/stat" % self.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def output(self):
        return b"".join(d for _, d in self.log)

    def close(self):
        """End the program (it is a copy of a document, nothing to keep) and reap it."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, self.status = os.waitpid(self.pid, 0)
        try:
            os.close(self.fd)
        except OSError:
            pass


def screen_text(data, cols=80, rows=24):
    """A rough rendering of the output's printable characters (escape sequences dropped), for
    checking by eye that a run showed what it should."""
    text = re.sub(rb"\x1b\[[0-9;?>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07",
                  b" ", data)
    return text.decode("utf-8", "replace")


def first_screen(argv, cols, rows, quiet=0.3, env=None, cwd=None):
    """Start argv and return (seconds to the last byte of the first complete screen, bytes)."""
    s = Session(argv, cols, rows, env=env, cwd=cwd)
    try:
        t = s.settle(quiet=quiet, need_bytes=1)
        return t, s.total
    finally:
        s.close()


def typing(argv, cols, rows, before, text, quiet=0.15, env=None, cwd=None, gap=None):
    """Start argv, wait for its screen, send the keys `before` (to reach the place to type),
    then type `text` one character at a time: waiting after each until the output has been
    quiet for `quiet` seconds, or (gap given) every `gap` seconds without waiting. Returns a
    dict: bytes written after each character (waiting mode; in gap mode one total), the CPU
    seconds the program spent over the typing, the number of characters, and whether every
    typed character came back in the output."""
    s = Session(argv, cols, rows, env=env, cwd=cwd)
    try:
        if s.settle(quiet=0.3, timeout=30, need_bytes=1) is None:
            raise RuntimeError("%s: no stable first screen" % argv[0])
        for k in before:
            s.send(k)
            s.settle(quiet=0.2)
        per_char = []
        start = len(s.log)
        cpu0 = s.cpu_seconds()
        total0 = s.total
        for ch in text:
            before_total = s.total
            s.send(ch)
            if gap is None:
                s.settle(quiet=quiet, timeout=5.0, need_bytes=1)
                per_char.append(s.total - before_total)
            else:
                end = time.monotonic() + gap
                while time.monotonic() < end:
                    s._read_once(end - time.monotonic())
        if gap is not None:
            s.settle(quiet=max(quiet, 0.3), timeout=30.0)
            per_char = [s.total - total0]
        cpu1 = s.cpu_seconds()
        typed = b"".join(d for _, d in s.log[start:]).decode("utf-8", "replace")
        return {"bytes": per_char, "cpu": cpu1 - cpu0, "chars": len(text),
                "echoed": all(ch in typed for ch in set(text))}
    finally:
        s.close()


if __name__ == "__main__":
    # ptydrive.py COLS ROWS PROGRAM [ARG]...: the time to the first complete screen.
    c, r = int(sys.argv[1]), int(sys.argv[2])
    t, n = first_screen(sys.argv[3:], c, r)
    print("%.1f ms, %d bytes" % (t * 1000 if t is not None else -1, n))
