//! The user's terminal (`/dev/tty`): the one way to it, for an MFA prompt,
//! an SSO sign-in, and a helper handed the terminal while it runs.
//!
//! A process that answers requests (the credential server) gives the
//! terminal up once its start is done ([`give_up`]): from then on nothing
//! opens it, helpers run in a session of their own with no terminal and
//! no stdin, and whatever needs a person fails with an error that says
//! what to run instead. The terminal then belongs to the command the
//! server runs for (`exec --server`), or to nobody: a prompt in the middle
//! of a request would read that command's keystrokes.

use std::fs::{File, OpenOptions};
use std::sync::atomic::{AtomicBool, Ordering};

static GIVEN_UP: AtomicBool = AtomicBool::new(false);

/// From now on, this process never uses the terminal.
pub fn give_up() {
    GIVEN_UP.store(true, Ordering::SeqCst);
}

/// Whether [`give_up`] was called.
pub fn given_up() -> bool {
    GIVEN_UP.load(Ordering::SeqCst)
}

/// `/dev/tty` opened with `options`; `None` when there is no terminal, or
/// it was given up.
pub fn open(options: &OpenOptions) -> Option<File> {
    match given_up() {
        true => None,
        false => options.open("/dev/tty").ok(),
    }
}

/// Why nothing could be asked of a person: for messages that end
/// "..., and {why}".
pub fn why_not() -> &'static str {
    match given_up() {
        true => "a credential server never asks on the terminal",
        false => "there is no terminal to ask on",
    }
}

/// Ask `prompt` on the terminal and read one line, without echoing it when
/// `hidden` (a secret key, a passphrase); `None` when there is no terminal
/// (or it was given up) or nothing was typed. Echo is restored whatever
/// happens but a SIGKILL.
pub fn ask(prompt: &str, hidden: bool) -> Option<crate::secret::Secret> {
    use std::io::{BufRead, Write};
    use std::os::fd::AsRawFd;
    let tty = open(OpenOptions::new().read(true).write(true))?;
    let fd = tty.as_raw_fd();
    // SAFETY: termios is plain old data; tcgetattr fills it for a valid fd.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    let got = hidden && unsafe { libc::tcgetattr(fd, &mut saved) } == 0;
    if got {
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: a valid fd and a termios from tcgetattr.
        unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) };
    }
    let mut line = String::new();
    let read = (&tty)
        .write_all(prompt.as_bytes())
        .and_then(|()| std::io::BufReader::new(&tty).read_line(&mut line));
    if got {
        // SAFETY: as above, restoring what tcgetattr gave.
        unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &saved) };
    }
    read.ok()?;
    let value = line.trim_end_matches(['\r', '\n']).to_string();
    (!value.is_empty()).then(|| crate::secret::Secret::new(value))
}
