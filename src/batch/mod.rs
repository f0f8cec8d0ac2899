//! The parts of `credbroker batch` below its command file
//! (`src/commands/batch.rs`): target input and validation, the stdout writer, per-target commands, and the stop switch.

pub mod command;
pub mod printer;
pub mod stop;
pub mod targets;
