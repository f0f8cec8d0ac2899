//! Helper processes (`mfa_process`, a nested `credential_process`): every
//! one runs through [`run`], which gives it
//!
//! - the AWS CLI's splitting ([`split_command`]; no shell runs it), stdin
//!   and stderr inherited (a password manager can prompt), stdout captured
//!   (bounded), the variables of [`crate::settings::CHILD_ENV_REMOVE`]
//!   removed; in a process that gave the terminal up
//!   ([`super::terminal`]), a session of its own and no stdin instead;
//! - a process group of its own, so that everything it starts can be
//!   killed at once; on a terminal where credbroker is in the foreground,
//!   the group is handed the terminal while it runs (a helper that reads
//!   the terminal from a background group would be stopped by SIGTTIN) and
//!   credbroker takes it back after;
//! - a deadline (`process_timeout`), a notice on stderr after about two
//!   seconds naming what it waits for, and on the deadline the whole group
//!   killed (SIGKILL) and the helper reaped;
//! - no orphans on SIGINT or SIGTERM: the groups of live helpers are kept
//!   where a signal handler can reach them ([`groups`]), killed, and
//!   credbroker exits 130 (inside `batch`, whose own handler decides, the
//!   groups are killed and the batch goes on stopping).
//!
//! Messages name the setting, the profile and the program, never the
//! arguments (they may hold tokens). Nothing here blocks an async worker.
//! The browser a sign-in or the console opens is found and started here
//! too ([`browser`], [`open_browser`]): not a helper, it is left to run.

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::AsyncReadExt;

use super::Limits;
use crate::error::{CallFailure, FailureKind};

/// A helper's output beyond this is not credentials or a code.
const MAX_OUTPUT: u64 = 1024 * 1024;

/// A command line split as the AWS CLI splits `credential_process` (POSIX
/// shell words, no shell run).
pub fn split_command(command: &str) -> Option<Vec<String>> {
    shlex::split(command).filter(|words| !words.is_empty())
}

/// One run of a helper, and what to call it in messages.
pub struct Helper<'a> {
    /// The setting that names the command: `mfa_process`,
    /// `credential_process`.
    pub setting: &'static str,
    /// The profile it is set in.
    pub profile: &'a str,
    /// The command line as written in the profile.
    pub command: &'a str,
    /// Variables added to its environment.
    pub env: Vec<(&'static str, String)>,
}

impl Helper<'_> {
    /// `mfa_process of profile `p` (`op`)`: the program, never its
    /// arguments.
    pub fn describe(&self) -> String {
        let program = split_command(self.command)
            .and_then(|argv| argv.into_iter().next())
            .unwrap_or_default();
        format!(
            "{} of profile `{}` (`{program}`)",
            self.setting, self.profile
        )
    }

    fn failed(&self, kind: FailureKind, code: &str, what: String) -> CallFailure {
        CallFailure {
            kind,
            code: code.into(),
            message: format!("{} {what}", self.describe()),
        }
    }
}

/// Run `helper` within `limits.deadline`; its stdout.
pub async fn run(helper: &Helper<'_>, limits: &Limits) -> Result<String, CallFailure> {
    let argv = split_command(helper.command).ok_or_else(|| {
        helper.failed(
            FailureKind::Permanent,
            crate::error::PROCESS_FAILED,
            "is empty or has unbalanced quotes".into(),
        )
    })?;
    let (program, args) = argv.split_first().expect("split_command is never empty");
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .envs(helper.env.iter().map(|(k, v)| (k, v)))
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    for var in crate::settings::CHILD_ENV_REMOVE {
        command.env_remove(var);
    }
    let terminal = groups::Terminal::foreground();
    match super::terminal::given_up() {
        false => {
            command.stdin(Stdio::inherit()).process_group(0);
            if let Some(terminal) = &terminal {
                terminal.hand_over_in_child(&mut command);
            }
        }
        true => without_terminal(&mut command),
    }
    groups::install_signal_handlers();
    let mut child = command.spawn().map_err(|e| {
        helper.failed(
            FailureKind::Permanent,
            crate::error::PROCESS_FAILED,
            format!("could not be started: {e}"),
        )
    })?;
    let pgid = child.id().map_or(0, |id| id as i32);
    let mut group = groups::Group::register(pgid, terminal);
    let stdout = child.stdout.take().expect("stdout is piped");
    let finished = {
        let mut out = Vec::new();
        let mut stdout = stdout.take(MAX_OUTPUT + 1);
        let read = stdout.read_to_end(&mut out);
        let both = async { tokio::join!(read, child.wait()) };
        let waited = within(limits, &helper.describe(), both).await;
        waited.map(|(read, status)| (read.map(|_| out), status))
    };
    let Some((read, status)) = finished else {
        // The deadline: the whole group goes, and the helper is reaped.
        let exited = child.try_wait().ok().flatten().is_some();
        group.kill();
        let _ = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
        group.finished();
        let what = match exited {
            false => "did not finish",
            true => "exited, but a process it started kept its output open,",
        };
        return Err(helper.failed(
            FailureKind::Transient,
            crate::error::PROCESS_TIMEOUT,
            format!(
                "{what} within {} (process_timeout); it and every process it started were stopped",
                crate::duration::format(limits.deadline)
            ),
        ));
    };
    group.finished();
    let status = status.map_err(|e| {
        helper.failed(
            FailureKind::Transient,
            crate::error::PROCESS_FAILED,
            format!("could not be waited for: {e}"),
        )
    })?;
    check_status(helper, status)?;
    let out = read.map_err(|e| {
        helper.failed(
            FailureKind::Permanent,
            crate::error::PROCESS_FAILED,
            format!("output could not be read: {e}"),
        )
    })?;
    if out.len() as u64 > MAX_OUTPUT {
        return Err(helper.failed(
            FailureKind::Permanent,
            crate::error::PROCESS_FAILED,
            format!("printed more than {MAX_OUTPUT} bytes"),
        ));
    }
    String::from_utf8(out).map_err(|_| {
        helper.failed(
            FailureKind::Permanent,
            crate::error::PROCESS_FAILED,
            "printed non-UTF-8".into(),
        )
    })
}

/// A helper of a process that gave the terminal up: a session of its own
/// (also a process group of its own, killed as one), so that it cannot
/// open the terminal, and no stdin, which is not its to read.
fn without_terminal(command: &mut tokio::process::Command) {
    command.stdin(Stdio::null());
    // SAFETY: setsid is async-signal-safe and touches no memory.
    unsafe {
        command.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
}

/// `work` within the deadline, with a notice after `notice_after`; `None`
/// at the deadline.
async fn within<T>(limits: &Limits, what: &str, work: impl Future<Output = T>) -> Option<T> {
    let work = tokio::time::timeout(limits.deadline, work);
    super::with_notice(limits, what, work).await.ok()
}

fn check_status(helper: &Helper<'_>, status: ExitStatus) -> Result<(), CallFailure> {
    use std::os::unix::process::ExitStatusExt;
    if status.success() {
        return Ok(());
    }
    if status.signal() == Some(libc::SIGKILL) && groups::interrupted() {
        // Not transient: a transient failure opens a backoff of a minute,
        // and the next run after a Ctrl-C should ask the helper again.
        return Err(helper.failed(
            FailureKind::Permanent,
            crate::error::INTERRUPTED,
            "was stopped: credbroker was interrupted (SIGINT or SIGTERM)".into(),
        ));
    }
    let (code, what) = match (status.code(), status.signal()) {
        (Some(code), _) => (
            crate::error::exit_status_code(code),
            format!("exited with status {code}"),
        ),
        (None, Some(signal)) => (
            crate::error::PROCESS_FAILED.into(),
            format!("was killed by signal {signal}"),
        ),
        (None, None) => (crate::error::PROCESS_FAILED.into(), "failed".into()),
    };
    Err(helper.failed(FailureKind::Permanent, &code, what))
}

/// The browser to open a page in: `$BROWSER`, else the platform's opener
/// where a display is likely (none over SSH, or without a display).
pub fn browser() -> Option<String> {
    let var = crate::settings::env_var;
    if let Some(b) = var("BROWSER") {
        return Some(b);
    }
    if cfg!(target_os = "macos") {
        return Some("open".into());
    }
    let display = var("DISPLAY").is_some() || var("WAYLAND_DISPLAY").is_some();
    (display && var("SSH_CONNECTION").is_none()).then(|| "xdg-open".into())
}

/// Start `browser` (a command line, `$BROWSER`, run by `sh` as browsers
/// are) on `url` in the background, with `env` added to its environment,
/// the variables of [`crate::settings::CHILD_ENV_REMOVE`] removed and its
/// output kept off stdout. Not a helper: nothing waits for it, no deadline
/// applies, and it may outlive credbroker (a browser it starts must).
/// `url` is handed over as an argument, never shown.
pub fn open_browser(browser: &str, url: &str, env: &[(&str, &str)]) {
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", &format!("{browser} \"$1\""), "sh", url])
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for var in crate::settings::CHILD_ENV_REMOVE {
        command.env_remove(var);
    }
    if let Ok(mut child) = command.spawn() {
        // Reap it whenever it ends.
        std::thread::spawn(move || child.wait());
    }
}

/// Run blocking work off the async workers.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CallFailure> + Send + 'static,
) -> Result<T, CallFailure> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(CallFailure {
            kind: FailureKind::Transient,
            code: "Internal".into(),
            message: format!("a helper task failed: {e}"),
        })
    })
}

/// The process groups of live helpers, where a signal handler can reach
/// them, and the terminal they may be handed.
mod groups {
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

    /// Live helpers at once beyond this are still run and still killed on
    /// their deadline, but not on a signal.
    const SLOTS: usize = 1024;

    /// The process group ids of live helpers; 0 is a free slot. Atomics
    /// only: the signal handler reads them.
    static LIVE: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

    /// Set by the signal handler when it killed a helper's group.
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    /// The handlers that were installed before ours (SIGINT, SIGTERM), as
    /// `sa_sigaction` and `sa_flags`; written once before ours is
    /// installed, read by it.
    static PREVIOUS: [(AtomicUsize, AtomicI32); 2] = [
        (AtomicUsize::new(0), AtomicI32::new(0)),
        (AtomicUsize::new(0), AtomicI32::new(0)),
    ];
    const SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

    /// Whether a signal stopped the helpers of this process.
    pub fn interrupted() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    /// One live helper's group: killed when dropped before it finished
    /// (its future cancelled: a batch target's timeout), and its slot
    /// freed; the terminal, if it was handed over, taken back.
    pub struct Group {
        pgid: i32,
        slot: Option<usize>,
        terminal: Option<Terminal>,
        done: bool,
    }

    impl Group {
        pub fn register(pgid: i32, terminal: Option<Terminal>) -> Group {
            let slot = (pgid > 0)
                .then(|| {
                    LIVE.iter().position(|s| {
                        s.compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
                            .is_ok()
                    })
                })
                .flatten();
            if let Some(terminal) = &terminal {
                terminal.hand_over(pgid);
            }
            Group {
                pgid,
                slot,
                terminal,
                done: false,
            }
        }

        /// SIGKILL to the whole group.
        pub fn kill(&self) {
            if self.pgid > 0 {
                // SAFETY: kill only sends a signal, to the group this
                // helper leads (its pgid is its pid, not yet reaped).
                unsafe {
                    libc::kill(-self.pgid, libc::SIGKILL);
                }
            }
        }

        /// The helper was reaped: nothing of it is killed any more (a
        /// daemon it started on purpose may outlive it).
        pub fn finished(&mut self) {
            self.done = true;
            self.release();
        }

        fn release(&mut self) {
            if let Some(slot) = self.slot.take() {
                LIVE[slot].store(0, Ordering::SeqCst);
            }
            if let Some(terminal) = self.terminal.take() {
                terminal.take_back(self.pgid);
            }
        }
    }

    impl Drop for Group {
        fn drop(&mut self) {
            if !self.done {
                self.kill();
            }
            self.release();
        }
    }

    /// Install the SIGINT and SIGTERM handlers once, on top of whatever
    /// was there (a signal that was ignored stays ignored).
    pub fn install_signal_handlers() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            for (i, &signal) in SIGNALS.iter().enumerate() {
                // SAFETY: sigaction with valid pointers; the handler only
                // makes async-signal-safe calls.
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                        || old.sa_sigaction == libc::SIG_IGN
                    {
                        continue;
                    }
                    PREVIOUS[i].0.store(old.sa_sigaction, Ordering::SeqCst);
                    PREVIOUS[i].1.store(old.sa_flags, Ordering::SeqCst);
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = on_signal as *const () as usize;
                    new.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART | libc::SA_ONSTACK;
                    libc::sigemptyset(&mut new.sa_mask);
                    libc::sigaction(signal, &new, std::ptr::null_mut());
                }
            }
        });
    }

    /// Kill every live helper's group; then, if this handler is the
    /// process's own (nothing installed on top, the default before it),
    /// exit 130 when it killed something, or die of the signal as before;
    /// else hand the signal on to the handler that was there before
    /// (`batch`'s, which decides how the batch ends).
    extern "C" fn on_signal(
        signal: libc::c_int,
        info: *mut libc::siginfo_t,
        context: *mut libc::c_void,
    ) {
        let mut killed = false;
        for slot in &LIVE {
            let pgid = slot.load(Ordering::SeqCst);
            if pgid > 0 {
                // SAFETY: kill is async-signal-safe.
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
                killed = true;
            }
        }
        if killed {
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
        let i = SIGNALS.iter().position(|&s| s == signal).unwrap_or(0);
        let previous = PREVIOUS[i].0.load(Ordering::SeqCst);
        let flags = PREVIOUS[i].1.load(Ordering::SeqCst);
        // SAFETY: only async-signal-safe calls (sigaction, _exit, signal,
        // raise), and the previous handler called as it was installed.
        unsafe {
            match previous {
                libc::SIG_DFL => {
                    let mut current: libc::sigaction = std::mem::zeroed();
                    libc::sigaction(signal, std::ptr::null(), &mut current);
                    if current.sa_sigaction != on_signal as *const () as usize {
                        // A handler installed on top of ours (it called us
                        // first) decides.
                        return;
                    }
                    if killed {
                        libc::_exit(crate::error::ExitCode::Interrupted as i32);
                    }
                    libc::signal(signal, libc::SIG_DFL);
                    libc::raise(signal);
                }
                libc::SIG_IGN => {}
                handler if flags & libc::SA_SIGINFO != 0 => {
                    let handler: extern "C" fn(
                        libc::c_int,
                        *mut libc::siginfo_t,
                        *mut libc::c_void,
                    ) = std::mem::transmute(handler);
                    handler(signal, info, context);
                }
                handler => {
                    let handler: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
                    handler(signal);
                }
            }
        }
    }

    /// The controlling terminal, when credbroker's group is its foreground
    /// group: a helper's group gets it while it runs.
    pub struct Terminal {
        fd: std::os::fd::OwnedFd,
    }

    impl Terminal {
        pub fn foreground() -> Option<Terminal> {
            use std::os::fd::AsRawFd;
            use std::os::unix::fs::OpenOptionsExt;
            let tty = crate::runner::terminal::open(
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .custom_flags(libc::O_NOCTTY),
            )?;
            // SAFETY: plain queries on a valid descriptor.
            let ours = unsafe { libc::tcgetpgrp(tty.as_raw_fd()) == libc::getpgrp() };
            ours.then(|| Terminal { fd: tty.into() })
        }

        /// In the child, before it runs the helper: its own group takes
        /// the terminal (so that it never reads it from the background).
        pub fn hand_over_in_child(&self, command: &mut tokio::process::Command) {
            use std::os::fd::AsRawFd;
            let fd = self.fd.as_raw_fd();
            // SAFETY: the closure runs between fork and exec and makes only
            // async-signal-safe calls (setpgid, getpid, tcsetpgrp,
            // pthread_sigmask).
            unsafe {
                command.pre_exec(move || {
                    libc::setpgid(0, 0);
                    with_sigttou_blocked(|| libc::tcsetpgrp(fd, libc::getpid()));
                    Ok(())
                });
            }
        }

        /// In credbroker, after the spawn (whichever of the two comes first).
        fn hand_over(&self, pgid: i32) {
            use std::os::fd::AsRawFd;
            if pgid > 0 {
                // SAFETY: tcsetpgrp on a valid descriptor.
                with_sigttou_blocked(|| unsafe { libc::tcsetpgrp(self.fd.as_raw_fd(), pgid) });
            }
        }

        /// Credbroker's group takes the terminal back, if the helper's
        /// group still has it.
        fn take_back(self, pgid: i32) {
            use std::os::fd::AsRawFd;
            let fd = self.fd.as_raw_fd();
            // SAFETY: plain calls on a valid descriptor.
            unsafe {
                if libc::tcgetpgrp(fd) == pgid {
                    with_sigttou_blocked(|| libc::tcsetpgrp(fd, libc::getpgrp()));
                }
            }
        }
    }

    /// `work` with SIGTTOU blocked on this thread: a process outside the
    /// terminal's foreground group may then set it.
    fn with_sigttou_blocked(work: impl FnOnce() -> libc::c_int) {
        // SAFETY: a mask built and restored on this thread.
        unsafe {
            let mut block: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut block);
            libc::sigaddset(&mut block, libc::SIGTTOU);
            libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut old);
            work();
            libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_like_the_aws_cli() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("/bin/creds", Some(&["/bin/creds"])),
            (
                "creds --profile 'a b' \"c\\\"d\" e\\ f",
                Some(&["creds", "--profile", "a b", "c\"d", "e f"]),
            ),
            (
                "op item get \"AWS alice\" --otp",
                Some(&["op", "item", "get", "AWS alice", "--otp"]),
            ),
            (
                "no $HOME | expansion;",
                Some(&["no", "$HOME", "|", "expansion;"]),
            ),
            ("unbalanced 'quote", None),
            ("   ", None),
        ];
        for (line, want) in cases {
            let got = split_command(line);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{line}");
        }
    }

    fn helper(command: &str) -> Helper<'_> {
        Helper {
            setting: "credential_process",
            profile: "p",
            command,
            env: vec![("CREDBROKER_TEST_VAR", "given".into())],
        }
    }

    fn run_now(command: &str, deadline: Duration) -> Result<String, CallFailure> {
        let rt = crate::runtime::runtime().unwrap();
        rt.block_on(run(&helper(command), &Limits::new(deadline)))
    }

    #[test]
    fn stdout_is_captured_and_names_never_hold_arguments() {
        let out = run_now(
            "sh -c 'echo \"$CREDBROKER_TEST_VAR\"'",
            Duration::from_secs(10),
        );
        assert_eq!(out.unwrap(), "given\n");
        let failed = run_now("sh -c 'exit 3' secret-token", Duration::from_secs(10)).unwrap_err();
        assert_eq!(
            failed.message,
            "credential_process of profile `p` (`sh`) exited with status 3"
        );
        assert_eq!(failed.kind, FailureKind::Permanent);
        let missing = run_now("/nonexistent/helper --token x", Duration::from_secs(10));
        let missing = missing.unwrap_err().message;
        assert!(
            missing.starts_with(
                "credential_process of profile `p` (`/nonexistent/helper`) could not be started"
            ),
            "{missing}"
        );
        assert!(!missing.contains("--token"), "{missing}");
    }

    #[test]
    fn the_deadline_kills_the_group() {
        let dir = tempfile::tempdir().unwrap();
        let pids = dir.path().join("pids");
        // A helper that forks a sleeper, records both pids, and waits.
        let script = format!("sh -c 'sleep 300 & echo $$ $! > {}; wait'", pids.display());
        let started = std::time::Instant::now();
        let failed = run_now(&script, Duration::from_secs(1)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(failed.kind, FailureKind::Transient);
        assert_eq!(failed.code, crate::error::PROCESS_TIMEOUT);
        assert!(
            failed.message.starts_with(
                "credential_process of profile `p` (`sh`) did not finish within 1s (process_timeout)"
            ),
            "{}",
            failed.message
        );
        let text = std::fs::read_to_string(&pids).unwrap();
        let running = |pid: &str| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat
                .rsplit_once(')')
                .map(|(_, r)| r.trim_start().chars().next());
            !matches!(state, None | Some(Some('Z' | 'X')))
        };
        let pids: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(pids.len(), 2, "{text}");
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while pids.iter().any(|p| running(p)) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        for pid in pids {
            assert!(!running(pid), "{pid} is still running");
        }
    }
}
