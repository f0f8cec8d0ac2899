//! A small seeded generator of hostile inputs: arbitrary bytes, and
//! mutations of valid ones (bit flips, truncation, duplication, huge
//! numbers, NUL and control characters, deep nesting, very long lines).
//! No dependency: a SplitMix64 stream, so a failing case is replayed by its
//! seed and index alone.

/// SplitMix64: tiny, fast, and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that parsers choke on, inserted or substituted by [`mutate`].
const TOKENS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "4294967295",
    "1e999",
    "-0.0",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "\\u0000",
    "\\ud800",
    "\0",
    "\x1b[31m",
    "\r\n",
    "\n",
    "\u{feff}",
    "\u{202e}",
    "=",
    "[",
    "]",
    "#",
    ":",
    ",",
    "\"",
    "'",
    "\\",
    "+99999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "2026-13-45T25:61:61Z",
    "2030-01-01T00:00:00+0000",
    "2030-01-01T00:00:00UTC",
    "[profile ",
    "source_profile = ",
    "role_arn = arn:aws:iam::111111111111:role/x",
];

/// Arbitrary bytes: half plain random, half drawn from printable text and
/// [`TOKENS`], so that parsers get past their first byte now and then.
pub fn arbitrary(rng: &mut Rng, max: usize) -> Vec<u8> {
    let len = rng.below(max + 1);
    let mut out = Vec::with_capacity(len);
    match rng.below(2) {
        0 => out.extend((0..len).map(|_| rng.next() as u8)),
        _ => {
            while out.len() < len {
                match rng.below(4) {
                    0 => out.extend_from_slice(rng.pick(TOKENS).as_bytes()),
                    _ => out.push(b' ' + rng.below(95) as u8),
                }
            }
        }
    }
    out
}

/// `seed` with one to four mutations.
pub fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        mutate_once(rng, &mut out);
    }
    out
}

fn span(rng: &mut Rng, len: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = start + rng.below(len - start + 1);
    (start, end)
}

fn mutate_once(rng: &mut Rng, out: &mut Vec<u8>) {
    let len = out.len();
    match rng.below(11) {
        // A bit flip.
        0 if len > 0 => {
            let i = rng.below(len);
            out[i] ^= 1 << rng.below(8);
        }
        // Truncation.
        1 => out.truncate(rng.below(len + 1)),
        // A range duplicated in place.
        2 => {
            let (a, b) = span(rng, len);
            let copy = out[a..b].to_vec();
            out.splice(b..b, copy);
        }
        // A range removed.
        3 => {
            let (a, b) = span(rng, len);
            out.drain(a..b);
        }
        // A token inserted.
        4 => {
            let at = rng.below(len + 1);
            let token = rng.pick(TOKENS).as_bytes().to_vec();
            out.splice(at..at, token);
        }
        // A number replaced by a huge or odd one.
        5 => replace_number(rng, out),
        // A quoted string's content replaced by a token.
        6 => replace_string(rng, out),
        // Deep nesting.
        7 => {
            let at = rng.below(len + 1);
            let depth = 1 + rng.below(4096);
            let (open, close) = *rng.pick(&[(b'[', b']'), (b'{', b'}')]);
            let mut nest = vec![open; depth];
            if rng.below(2) == 0 {
                nest.extend(std::iter::repeat_n(close, depth));
            }
            out.splice(at..at, nest);
        }
        // A very long line.
        8 => {
            let at = rng.below(len + 1);
            let long = vec![*rng.pick(b"A0 \"=#"); 1 + rng.below(65_536)];
            out.splice(at..at, long);
        }
        // A control character or an invalid UTF-8 byte.
        9 => {
            let at = rng.below(len + 1);
            let byte = *rng.pick(&[
                0u8, 1, 7, 8, 9, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f, 0x80, 0xc3, 0xff,
            ]);
            out.insert(at, byte);
        }
        // Two ranges swapped (fields out of order).
        _ => {
            let (a, b) = span(rng, len);
            out[a..b].reverse();
        }
    }
}

/// Replace one run of digits with a number from [`TOKENS`]'s huge ones.
fn replace_number(rng: &mut Rng, out: &mut Vec<u8>) {
    let starts: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].is_ascii_digit() && (i == 0 || !out[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = *rng.pick(&starts);
    let end = (start..out.len())
        .find(|&i| !out[i].is_ascii_digit())
        .unwrap_or(out.len());
    let huge = rng.pick(&[
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551615",
        "99999999999999999999999",
        "0",
        "-1",
        "253402300800",
        "1e308",
    ]);
    out.splice(start..end, huge.bytes());
}

/// Replace the content of one `"…"` string with a token.
fn replace_string(rng: &mut Rng, out: &mut Vec<u8>) {
    let quotes: Vec<usize> = (0..out.len()).filter(|&i| out[i] == b'"').collect();
    if quotes.len() < 2 {
        return;
    }
    let i = rng.below(quotes.len() - 1);
    let (a, b) = (quotes[i] + 1, quotes[i + 1]);
    let token = rng.pick(TOKENS).as_bytes().to_vec();
    out.splice(a..b, token);
}
