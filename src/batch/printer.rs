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
            let mut w = Writer::new(ordered, bar, stop);
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
    stdout: Box<dyn Write + Send>,
    stderr: Box<dyn Write + Send>,
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
    fn new(ordered: bool, bar: Option<indicatif::ProgressBar>, stop: Arc<Stop>) -> Self {
        Writer {
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(crate::report::Stderr),
            ordered,
            bar,
            stop,
            next: 0,
            pending: BTreeMap::new(),
            error: None,
        }
    }

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
        let bar = self.bar.as_ref().filter(|b| !b.is_hidden());
        let out = match stream {
            Stream::Stdout if self.stop.broken_pipe() => return,
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        };
        let mut write = || out.write_all(bytes).and_then(|()| out.flush());
        let result = match bar {
            Some(bar) => bar.suspend(write),
            None => write(),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A sink the test can read while the writer owns it.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn writer(ordered: bool) -> (Writer, Sink, Sink) {
        let (out, err) = (Sink::default(), Sink::default());
        let mut w = Writer::new(ordered, None, Arc::new(Stop::default()));
        w.stdout = Box::new(out.clone());
        w.stderr = Box::new(err.clone());
        (w, out, err)
    }

    fn out(i: usize, s: &str) -> Msg {
        Msg::Out(i, Stream::Stdout, s.as_bytes().to_vec())
    }

    #[test]
    fn ordered_output_streams_the_head_and_holds_the_rest() {
        let (mut w, out_sink, err_sink) = writer(true);
        let steps: Vec<(Msg, &str)> = vec![
            (out(1, "b1\n"), ""),
            (out(0, "a1\n"), "a1\n"), // the head streams at once
            (Msg::Out(2, Stream::Stderr, b"e\n".to_vec()), "a1\n"),
            (out(0, "a2\n"), "a1\na2\n"),
            (Msg::Done(2), "a1\na2\n"),     // done, but 1 is not
            (Msg::Done(0), "a1\na2\nb1\n"), // 1 is the head now
            (out(1, "b2\n"), "a1\na2\nb1\nb2\n"),
            (out(2, "c\n"), "a1\na2\nb1\nb2\n"),
            (Msg::Done(1), "a1\na2\nb1\nb2\nc\n"),
        ];
        for (i, (msg, want)) in steps.into_iter().enumerate() {
            w.handle(msg);
            assert_eq!(out_sink.text(), want, "after step {i}");
        }
        assert_eq!(err_sink.text(), "e\n", "stderr is never held back");
    }

    #[test]
    fn gaps_left_by_targets_never_started_are_skipped() {
        let (mut w, sink, _) = writer(true);
        w.handle(out(2, "c\n"));
        w.handle(Msg::Done(2));
        w.handle(Msg::Done(0));
        w.handle(Msg::Done(1));
        assert_eq!(sink.text(), "c\n");
        let (mut w, sink, _) = writer(true);
        w.handle(out(3, "d\n"));
        w.flush_all();
        assert_eq!(sink.text(), "d\n", "whatever is left is written at the end");
    }

    #[test]
    fn unordered_output_is_written_as_it_comes() {
        let (mut w, sink, _) = writer(false);
        w.handle(out(5, "x\n"));
        w.handle(out(0, "y\n"));
        assert_eq!(sink.text(), "x\ny\n");
    }
}
