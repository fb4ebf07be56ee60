//! Where the strings and comments are in duly text, for the few places that read
//! it without the parser: the nesting check that runs before parsing, suppression
//! comments, and a rule's own text for messages.
//!
//! One reading, the grammar's: `"` opens a string, in which `\` escapes the next
//! character; outside strings `#` starts a comment to the end of the line, except
//! straight after a name, where it selects an occurrence (`lac_review#2`).

use std::str::CharIndices;

/// What a character is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Code, including the line break that ends a comment.
    Code,
    /// A quoted string, its quotes included.
    String,
    /// A comment, its `#` included.
    Comment,
}

/// Each character of `text` with its byte offset and what it is part of.
pub fn parts(text: &str) -> Parts<'_> {
    Parts {
        chars: text.char_indices(),
        state: Part::Code,
        escaped: false,
        prev: None,
    }
}

/// The iterator of [`parts`].
pub struct Parts<'a> {
    chars: CharIndices<'a>,
    state: Part,
    escaped: bool,
    prev: Option<char>,
}

impl Iterator for Parts<'_> {
    type Item = (usize, char, Part);

    fn next(&mut self) -> Option<Self::Item> {
        let (i, c) = self.chars.next()?;
        let part = match self.state {
            Part::Comment if c == '\n' => {
                self.state = Part::Code;
                Part::Code
            }
            Part::Comment => Part::Comment,
            Part::String => {
                if self.escaped {
                    self.escaped = false;
                } else if c == '\\' {
                    self.escaped = true;
                } else if c == '"' {
                    self.state = Part::Code;
                }
                Part::String
            }
            Part::Code => {
                let after_name = self
                    .prev
                    .is_some_and(|p| p.is_ascii_alphanumeric() || p == '_');
                if c == '"' {
                    self.state = Part::String;
                } else if c == '#' && !after_name {
                    self.state = Part::Comment;
                }
                self.state
            }
        };
        self.prev = Some(c);
        Some((i, c, part))
    }
}

/// `text` without its comments, its spacing folded to single spaces.
pub fn without_comments(text: &str) -> String {
    let kept: String = parts(text)
        .map(|(_, c, part)| if part == Part::Comment { ' ' } else { c })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> String {
        parts(text)
            .map(|(_, _, p)| match p {
                Part::Code => 'c',
                Part::String => 's',
                Part::Comment => '#',
            })
            .collect()
    }

    #[test]
    fn strings_comments_and_selectors() {
        assert_eq!(classes(r#"a "b#\"" # c"#), "ccssssssc###");
        assert_eq!(classes("x#2 y\n# z\nw"), "cccccc###cc");
        assert_eq!(classes("(a)#x"), "ccc##");
    }

    #[test]
    fn comments_go_and_spacing_folds() {
        assert_eq!(
            without_comments("icpc  within 15 days  # note\n  of sd#1"),
            "icpc within 15 days of sd#1"
        );
        assert_eq!(
            without_comments(r#"quote "a \" # b""#),
            r#"quote "a \" # b""#
        );
    }
}
