#!/usr/bin/env python3
"""Run a command with a pseudo-terminal as its controlling terminal (its
/dev/tty) and type an answer at its prompt, as a person would.

Usage:
    python tests/support/pty_answer.py PROMPT ANSWER -- COMMAND [ARGS...]

The command's stdout stays a pipe (passed through to ours); what it writes
to the terminal is copied to our stderr. When PROMPT appears on the
terminal, we print the line ``PROMPTED`` on stderr and wait for one line on
our stdin (the test's go-ahead: a barrier, not a sleep), then type ANSWER
and Enter. Exits with the command's exit code.
"""

import os
import pty
import sys
import threading


def main():
    sep = sys.argv.index("--")
    prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
    argv = sys.argv[sep + 1:]
    out_r, out_w = os.pipe()
    pid, master = pty.fork()
    if pid == 0:
        os.dup2(out_w, 1)
        os.close(out_r)
        os.close(out_w)
        os.execvp(argv[0], argv)
    os.close(out_w)
    chunks = []
    def read_stdout():
        for chunk in iter(lambda: os.read(out_r, 65536), b""):
            chunks.append(chunk)

    reader = threading.Thread(target=read_stdout)
    reader.start()
    seen = b""
    answered = False
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        sys.stderr.buffer.write(data)
        sys.stderr.flush()
        seen += data
        if not answered and prompt in seen:
            sys.stderr.write("\nPROMPTED\n")
            sys.stderr.flush()
            sys.stdin.readline()
            os.write(master, answer + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    reader.join()
    sys.stdout.buffer.write(b"".join(chunks))
    sys.stdout.flush()
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
