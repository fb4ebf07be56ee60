//! HTML escaping shared by the pages duly writes (`duly table --format html`
//! and the case report of `duly eval --format html`).

use std::fmt;

/// Text made safe for HTML content and double-quoted attribute values. Line breaks become
/// `&#10;` (so a rendered fragment's lines are the report's own) and other control
/// characters U+FFFD.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut start = 0;
        for (i, c) in text.char_indices() {
            let with = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\n' => "&#10;",
                '\t' => continue,
                c if c.is_control() => "\u{fffd}",
                _ => continue,
            };
            f.write_str(&text[start..i])?;
            f.write_str(with)?;
            start = i + c.len_utf8();
        }
        f.write_str(&text[start..])
    }
}
