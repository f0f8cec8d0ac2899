//! Human durations for settings and flags: `90s`, `15m`, `1h30m`, `2h`, or a
//! bare number of seconds.

use std::time::Duration;

/// The longest duration a setting or flag may give: a year and a day.
/// Longer is no setting but a typo, and would overflow the deadlines
/// computed from it.
pub const MAX: Duration = Duration::from_secs(366 * 86_400);

/// `d` if it is at most [`MAX`].
pub fn bounded(d: Duration) -> Result<Duration, String> {
    match d <= MAX {
        true => Ok(d),
        false => Err(format!(
            "{}s is too long (at most {}, {}s)",
            d.as_secs(),
            format(MAX),
            MAX.as_secs()
        )),
    }
}

/// Parse a duration such as `30m`, `1h30m`, `45s` or `600`, up to [`MAX`].
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return bounded(Duration::from_secs(secs));
    }
    let quoted = crate::quote::quote(text);
    let mut total = 0u64;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => {
                return Err(format!(
                    "invalid duration {quoted}: unknown unit {} (use s, m, h or d)",
                    crate::quote::quote(&c.to_string())
                ));
            }
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("invalid duration {quoted}: expected a number before `{c}`"))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("invalid duration {quoted}: too large"))?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "invalid duration {quoted}: missing unit after {} (use s, m, h or d)",
            crate::quote::quote(&digits)
        ));
    }
    bounded(Duration::from_secs(total))
}

/// Format a duration compactly for messages: `1h30m`, `45s`.
pub fn format(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("600", Some(600)),
            ("30m", Some(1800)),
            ("1h30m", Some(5400)),
            ("45s", Some(45)),
            ("2h", Some(7200)),
            ("1d", Some(86400)),
            (" 5m ", Some(300)),
            ("", None),
            ("m", None),
            ("5x", None),
            ("5m3", None),
            ("366d", Some(366 * 86400)),
            ("367d", None),
            ("18446744073709551615", None),
            ("18446744073709551615s", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse(text).ok().map(|d| d.as_secs()),
                *want,
                "parse({text:?})"
            );
        }
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format(Duration::from_secs(5400)), "1h30m");
        assert_eq!(format(Duration::from_secs(0)), "0s");
        assert_eq!(format(Duration::from_secs(61)), "1m1s");
    }
}
