//! Outside text as messages quote it: short, in backticks, and inert
//! (control and bidirectional characters escaped). At the bottom of the
//! layers: errors, durations and parsers all quote.

/// The most characters of outside text a message quotes (see [`quote`]).
pub const QUOTE_MAX: usize = 64;

/// Outside text (a field of a file, of an answer, an input line) as a
/// message quotes it: in backticks, at most [`QUOTE_MAX`] characters (see
/// [`excerpt`]). Never for a secret.
pub fn quote(text: &str) -> String {
    format!("`{}`", excerpt(text, QUOTE_MAX))
}

/// At most `max` characters of outside text, with `…` where it was cut,
/// and control and bidirectional characters escaped (`\n`, `\u{1b}`): a
/// hostile value neither floods the terminal nor sends it escape
/// sequences.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            true => out.extend(c.escape_default()),
            false => out.push(c),
        }
    }
    out
}
