# SPDX-License-Identifier: GPL-3.0-or-later
"""A small terminal emulator for tests: runs a program in a pseudo-terminal and keeps a
screen of cells, drawing East Asian ambiguous characters 1 or 2 columns wide the way a
chosen terminal does (Tera Term draws them 2 wide, tmux and xterm 1). Only what ncurses
sends to an xterm is understood; anything else is counted, so tests can see it."""
import os
import pty
import select
import signal
import struct
import fcntl
import termios
import time
import unicodedata

ZERO_CATS = ("Mn", "Me", "Cf")


def char_width(ch, ambi):
    o = ord(ch)
    if o == 0:
        return 0
    if unicodedata.category(ch) in ZERO_CATS and o != 0x00AD:
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A":
        return ambi
    return 1


class Screen:
    def __init__(self, cols, rows, ambi):
        self.cols, self.rows, self.ambi = cols, rows, ambi
        self.clear()
        self.unknown = []

    def clear(self):
        self.cells = [[" "] * self.cols for _ in range(self.rows)]
        self.y = self.x = 0
        self.top, self.bottom = 0, self.rows - 1
        self.saved = (0, 0)
        self.acs = False

    def text(self):
        lines = []
        for row in self.cells:
            lines.append("".join(c for c in row if c is not None).rstrip())
        return "\n".join(lines) + "\n"

    def _scroll_up(self, n=1):
        for _ in range(n):
            del self.cells[self.top]
            self.cells.insert(self.bottom, [" "] * self.cols)

    def _scroll_down(self, n=1):
        for _ in range(n):
            del self.cells[self.bottom]
            self.cells.insert(self.top, [" "] * self.cols)

    def put(self, ch):
        acs_map = {"q": "─", "x": "│", "l": "┌", "k": "┐", "m": "└", "j": "┘", "t": "├",
                   "u": "┤", "w": "┬", "v": "┴", "n": "┼"}
        if self.acs and ch in acs_map:
            ch = acs_map[ch]
        w = char_width(ch, self.ambi)
        if w == 0:
            if self.x > 0:
                prev = self.cells[self.y][self.x - 1]
                if prev is None and self.x > 1:
                    self.cells[self.y][self.x - 2] += ch
                elif prev is not None:
                    self.cells[self.y][self.x - 1] = prev + ch
            return
        if self.x + w > self.cols:
            self.x = 0
            if self.y == self.bottom:
                self._scroll_up()
            else:
                self.y = min(self.y + 1, self.rows - 1)
        row = self.cells[self.y]
        # a wide character half overwritten leaves a blank
        if row[self.x] is None and self.x > 0:
            row[self.x - 1] = " "
        row[self.x] = ch
        if w == 2:
            if self.x + 1 < self.cols:
                row[self.x + 1] = None
        elif self.x + 1 < self.cols and row[self.x + 1] is None:
            row[self.x + 1] = " "
        self.x += w
        if self.x >= self.cols:
            self.x = self.cols  # pending wrap

    def csi(self, params, final, private):
        ps = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def p(i, d=1):
            return ps[i] if len(ps) > i and ps[i] != 0 else d
        if private:
            return  # modes (?25h, ?1049h, ?2004h, …): no effect on the cells
        if final in "Hf":
            self.y = min(p(0) - 1, self.rows - 1)
            self.x = min(p(1) - 1, self.cols - 1)
        elif final == "A":
            self.y = max(self.y - p(0), 0)
        elif final == "B":
            self.y = min(self.y + p(0), self.rows - 1)
        elif final == "C":
            self.x = min(self.x + p(0), self.cols - 1)
        elif final == "D":
            self.x = max(min(self.x, self.cols - 1) - p(0), 0)
        elif final == "G":
            self.x = min(p(0) - 1, self.cols - 1)
        elif final == "d":
            self.y = min(p(0) - 1, self.rows - 1)
        elif final == "J":
            mode = ps[0] if ps else 0
            if mode == 2:
                self.cells = [[" "] * self.cols for _ in range(self.rows)]
            elif mode == 0:
                self.cells[self.y][min(self.x, self.cols):] = [" "] * (self.cols - min(self.x, self.cols))
                for yy in range(self.y + 1, self.rows):
                    self.cells[yy] = [" "] * self.cols
        elif final == "K":
            mode = ps[0] if ps else 0
            x = min(self.x, self.cols)
            if mode == 0:
                self.cells[self.y][x:] = [" "] * (self.cols - x)
            elif mode == 1:
                self.cells[self.y][:x + 1] = [" "] * (x + 1)
            else:
                self.cells[self.y] = [" "] * self.cols
        elif final == "X":
            x = min(self.x, self.cols)
            for i in range(x, min(x + p(0), self.cols)):
                self.cells[self.y][i] = " "
        elif final == "r":
            self.top = p(0) - 1
            self.bottom = p(1, self.rows) - 1
            self.y = self.x = 0
        elif final == "L":
            for _ in range(p(0)):
                del self.cells[self.bottom]
                self.cells.insert(self.y, [" "] * self.cols)
        elif final == "M":
            for _ in range(p(0)):
                del self.cells[self.y]
                self.cells.insert(self.bottom, [" "] * self.cols)
        elif final == "S":
            self._scroll_up(p(0))
        elif final == "T":
            self._scroll_down(p(0))
        elif final == "@":
            row = self.cells[self.y]
            for _ in range(p(0)):
                row.insert(min(self.x, self.cols), " ")
                row.pop()
        elif final == "P":
            row = self.cells[self.y]
            for _ in range(p(0)):
                if self.x < self.cols:
                    row.pop(self.x)
                    row.append(" ")
        elif final in "mhlnt":
            pass
        else:
            self.unknown.append("CSI %s%s" % (params, final))

    def feed(self, data):
        """data: str (decoded UTF-8)."""
        i, n = 0, len(data)
        while i < n:
            ch = data[i]
            if ch == "\x1b":
                if i + 1 >= n:
                    return data[i:]
                nxt = data[i + 1]
                if nxt == "[":
                    j = i + 2
                    private = ""
                    while j < n and data[j] in "?>=!":
                        private += data[j]
                        j += 1
                    start = j
                    while j < n and (data[j].isdigit() or data[j] == ";"):
                        j += 1
                    if j >= n:
                        return data[i:]
                    self.csi(data[start:j], data[j], private)
                    i = j + 1
                    continue
                if nxt in "()":
                    if i + 2 >= n:
                        return data[i:]
                    if nxt == "(":
                        self.acs = data[i + 2] == "0"
                    i += 3
                    continue
                if nxt == "]":
                    j = data.find("\x07", i)
                    k = data.find("\x1b\\", i)
                    ends = [e for e in (j, k) if e >= 0]
                    if not ends:
                        return data[i:]
                    e = min(ends)
                    i = e + (1 if e == j else 2)
                    continue
                if nxt == "7":
                    self.saved = (self.y, self.x)
                elif nxt == "8":
                    self.y, self.x = self.saved
                elif nxt == "M":
                    if self.y == self.top:
                        self._scroll_down()
                    else:
                        self.y = max(self.y - 1, 0)
                elif nxt == "E":
                    self.x = 0
                    self.y = min(self.y + 1, self.rows - 1)
                elif nxt in "=>c":
                    pass
                else:
                    self.unknown.append("ESC " + nxt)
                i += 2
                continue
            if ch == "\r":
                self.x = 0
            elif ch == "\n":
                if self.y == self.bottom:
                    self._scroll_up()
                else:
                    self.y = min(self.y + 1, self.rows - 1)
            elif ch == "\b":
                self.x = max(min(self.x, self.cols) - 1, 0)
            elif ch == "\t":
                self.x = min((self.x // 8 + 1) * 8, self.cols - 1)
            elif ch in "\x07\x0e\x0f":
                self.acs = ch == "\x0e" if ch != "\x07" else self.acs
            elif ord(ch) < 0x20:
                self.unknown.append("C0 %02x" % ord(ch))
            else:
                self.put(ch)
            i += 1
        return ""


class Pty:
    """A program in a pseudo-terminal of cols x rows, its output fed to a Screen."""

    def __init__(self, argv, cols=80, rows=24, ambi=1, env=None, cwd=None):
        self.screen = Screen(cols, rows, ambi)
        self.bytes = 0
        self.raw = bytearray()
        pid, fd = pty.fork()
        if pid == 0:
            e = dict(os.environ)
            e.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
            e.pop("PIAFORM_FORMS_DIR", None)
            if env:
                e.update(env)
            if cwd:
                os.chdir(cwd)
            # sized before the program starts: set only by the parent, a program quick off
            # the mark (or a busy machine) draws its first screens at 80x24
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, e)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pending = b""
        self.tail = ""
        self.status = None

    def pump(self, timeout=0.05):
        """Read what is there; answer cursor-position queries like the emulated terminal."""
        got = False
        while True:
            r, _, _ = select.select([self.fd], [], [], timeout)
            if not r:
                return got
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return got
            if not data:
                return got
            got = True
            self.bytes += len(data)
            self.raw += data
            buf = self.pending + data
            # keep an incomplete UTF-8 sequence for the next read
            cut = len(buf)
            for k in range(1, 4):
                if cut - k >= 0 and buf[cut - k] & 0xC0 == 0xC0:
                    need = 2 if buf[cut - k] < 0xE0 else 3 if buf[cut - k] < 0xF0 else 4
                    if k < need:
                        cut -= k
                    break
            self.pending = buf[cut:]
            text = self.tail + buf[:cut].decode("utf-8", "replace")
            if "\x1b[6n" in text:
                os.write(self.fd, ("\x1b[%d;%dR" % (self.screen.y + 1, self.screen.x + 1)).encode())
                text = text.replace("\x1b[6n", "")
            self.tail = self.screen.feed(text)
            timeout = 0.02

    def settle(self, quiet=0.3, timeout=5.0):
        end = time.time() + timeout
        last = time.time()
        while time.time() < end:
            if self.pump(0.05):
                last = time.time()
            elif time.time() - last >= quiet:
                break
        return self.screen.text()

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)

    def wait_for(self, needle, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            self.pump(0.05)
            if needle in self.screen.text():
                return self.screen.text()
        raise AssertionError("timed out waiting for %r; screen:\n%s" % (needle, self.screen.text()))

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)
