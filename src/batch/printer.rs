//! The one writer of a batch's stdout (and of its prefixed stderr lines).
//!
//! Tasks send bytes tagged with their target's index; a dedicated thread
//! writes them, so a slow reader never blocks a runtime worker. With
//! `ordered`, a target's output is held back until every target before it
//! is done (streaming: the head of the line is written as it comes). When
//! stdout is a terminal the progress bar is suspended around each write, so
//! a line never shares the bar's row. A closed stdout (EPIPE) is recorded
//! once and stops the batch; nothing more is written.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc;

use super::stop::{Reason, Stop};

#[derive(Clone, Copy)]
pub enum Stream {
    Stdout,
    Stderr,
}

enum Msg {
    Out(usize, Stream, Vec<u8>),
    Done(usize),
}

#[derive(Clone)]
pub struct Printer {
    tx: mpsc::Sender<Msg>,
}

pub struct Handle {
    thread: std::thread::JoinHandle<Option<std::io::Error>>,
}

impl Handle {
    /// Wait for everything sent to be written; the first write error that
    /// was not a closed pipe, if any.
    pub fn finish(self) -> Option<std::io::Error> {
        self.thread.join().unwrap_or(None)
    }
}

impl Printer {
    /// The printer and the handle that waits for its thread (which ends
    /// once every `Printer` clone is dropped).
    pub fn start(
        ordered: bool,
        bar: Option<indicatif::ProgressBar>,
        stop: Arc<Stop>,
    ) -> (Printer, Handle) {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let mut w = Writer {
                ordered,
                bar,
                stop,
                next: 0,
                pending: BTreeMap::new(),
                error: None,
            };
            for msg in rx {
                w.handle(msg);
            }
            w.flush_all();
            w.error
        });
        (Printer { tx }, Handle { thread })
    }

    pub fn out(&self, index: usize, stream: Stream, bytes: Vec<u8>) {
        let _ = self.tx.send(Msg::Out(index, stream, bytes));
    }

    /// Target `index` will send nothing more (also for targets never started).
    pub fn done(&self, index: usize) {
        let _ = self.tx.send(Msg::Done(index));
    }
}

struct Writer {
    ordered: bool,
    bar: Option<indicatif::ProgressBar>,
    stop: Arc<Stop>,
    /// In ordered mode: the first target not yet done.
    next: usize,
    /// In ordered mode: output held back, and whether its target is done.
    pending: BTreeMap<usize, (Vec<u8>, bool)>,
    error: Option<std::io::Error>,
}

impl Writer {
    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Out(_, Stream::Stderr, bytes) => self.write(Stream::Stderr, &bytes),
            Msg::Out(i, Stream::Stdout, bytes) if !self.ordered || i == self.next => {
                self.write(Stream::Stdout, &bytes)
            }
            Msg::Out(i, Stream::Stdout, bytes) => {
                self.pending.entry(i).or_default().0.extend(bytes)
            }
            Msg::Done(_) if !self.ordered => {}
            Msg::Done(i) => {
                self.pending.entry(i).or_default().1 = true;
                self.advance();
            }
        }
    }

    /// Write what the head of the line holds, and move past done targets.
    fn advance(&mut self) {
        while let Some((bytes, done)) = self.pending.get_mut(&self.next) {
            let bytes = std::mem::take(bytes);
            let done = *done;
            self.write(Stream::Stdout, &bytes);
            if !done {
                break;
            }
            self.pending.remove(&self.next);
            self.next += 1;
        }
    }

    /// At the end: whatever is left, in order (targets that never started
    /// leave gaps).
    fn flush_all(&mut self) {
        for (_, (bytes, _)) in std::mem::take(&mut self.pending) {
            self.write(Stream::Stdout, &bytes);
        }
    }

    fn write(&mut self, stream: Stream, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let result = match stream {
            Stream::Stdout if self.stop.broken_pipe() => return,
            Stream::Stdout => self.suspended(|| {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|()| out.flush())
            }),
            Stream::Stderr => self.suspended(|| std::io::stderr().lock().write_all(bytes)),
        };
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                if matches!(stream, Stream::Stdout) {
                    self.stop.stop(Reason::BrokenPipe);
                }
            }
            Err(e) => {
                if matches!(stream, Stream::Stdout) {
                    self.stop.stop(Reason::OutputFailed);
                    self.error.get_or_insert(e);
                }
            }
        }
    }

    fn suspended<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if !bar.is_hidden() => bar.suspend(f),
            _ => f(),
        }
    }
}
