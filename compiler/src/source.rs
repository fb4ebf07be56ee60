//! Source files and spans: every diagnostic points into one of these.
//!
//! Line and column numbers come from codespan-reporting's line index, so the
//! human, JSON, GitHub and SARIF renderers all agree on positions.

use codespan_reporting::files::{Files, SimpleFiles};
use std::ops::Range;

/// Identifies a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// A span in `file` covering `range`.
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// All files read while compiling one policy (the policy and what it `use`s).
pub struct Sources {
    files: SimpleFiles<String, String>,
}

impl Default for Sources {
    fn default() -> Sources {
        Sources::new()
    }
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources {
            files: SimpleFiles::new(),
        }
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        FileId(self.files.add(name.into(), text.into()))
    }

    /// The file's display name.
    pub fn name(&self, file: FileId) -> &str {
        self.files
            .get(file.0)
            .map(|f| f.name().as_str())
            .unwrap_or("<unknown>")
    }

    /// The file's text.
    pub fn text(&self, file: FileId) -> &str {
        self.files
            .get(file.0)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    /// Where a byte offset falls, as line and column.
    pub fn position(&self, file: FileId, offset: usize) -> Position {
        let line_index = self.files.line_index(file.0, offset).unwrap_or(0);
        let line = self.files.line_number(file.0, line_index).unwrap_or(1);
        let column = self
            .files
            .column_number(file.0, line_index, offset)
            .unwrap_or(1);
        Position { line, column }
    }

    /// Where a span starts and ends.
    pub fn span_positions(&self, span: Span) -> (Position, Position) {
        (
            self.position(span.file, span.start),
            self.position(span.file, span.end),
        )
    }
}
