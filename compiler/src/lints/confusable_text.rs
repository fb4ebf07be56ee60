//! W009: invisible, bidirectional-control and look-alike characters in a policy's text,
//! which can make a file read differently from what duly compiles (after Cedar).

use super::Context;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, Span};
use std::collections::BTreeSet;

/// The documentation page of W009.
pub const DOC: &str = r#"## What it does

Finds characters that change how a line looks without changing (or while changing)
what it means to duly:

* **bidirectional controls** (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
  which reorder how the text around them is displayed;
* **invisible characters** (zero-width space and joiners, word joiner, soft hyphen,
  byte-order mark other than at the very start of the file, Hangul fillers, tag
  characters, variation selectors);
* **look-alike letters**: Cyrillic and Greek letters that look like Latin ones
  (`о` U+043E, `а` U+0430, `Α` U+0391, …) in a word that is otherwise Latin, such as
  a label `"Cоntact"` or a quoted reference `"М.2"`.

Everything in the file is scanned — names, strings, quotes and comments — including
files brought in with `use`. Words written wholly in another script (a quotation in
Russian) are not reported.

## Why it matters

A policy is a document of record: what a reviewer reads must be what the checker
checks. Bidirectional controls can display `unless unborn` where the file says
something else (the "Trojan Source" attack); a reference typed with a Cyrillic `М`
is a different standard from `M.2` that no search finds; a zero-width space inside a
label makes two labels that look equal compare different.

## Example

A standard reference typed with a Cyrillic `М`, which looks like `M.2` but is not:

## Use instead

Retype the text in plain characters:

```duly
standard "M.2" "Missing children"
```
"#;

/// Bidirectional controls and invisible characters, with their names.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "INVISIBLE OPERATOR",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "HANGUL FILLER",
        '\u{FE00}'..='\u{FE0F}' => "VARIATION SELECTOR",
        '\u{E0000}'..='\u{E007F}' => "TAG CHARACTER",
        _ => return None,
    })
}

/// Cyrillic and Greek letters that look like a Latin letter: (name, the Latin look-alike).
fn confusable(c: char) -> Option<(&'static str, char)> {
    Some(match c {
        'а' => ("CYRILLIC SMALL LETTER A", 'a'),
        'е' => ("CYRILLIC SMALL LETTER IE", 'e'),
        'о' => ("CYRILLIC SMALL LETTER O", 'o'),
        'р' => ("CYRILLIC SMALL LETTER ER", 'p'),
        'с' => ("CYRILLIC SMALL LETTER ES", 'c'),
        'у' => ("CYRILLIC SMALL LETTER U", 'y'),
        'х' => ("CYRILLIC SMALL LETTER HA", 'x'),
        'і' => ("CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", 'i'),
        'ј' => ("CYRILLIC SMALL LETTER JE", 'j'),
        'ѕ' => ("CYRILLIC SMALL LETTER DZE", 's'),
        'ԁ' => ("CYRILLIC SMALL LETTER KOMI DE", 'd'),
        'А' => ("CYRILLIC CAPITAL LETTER A", 'A'),
        'В' => ("CYRILLIC CAPITAL LETTER VE", 'B'),
        'Е' => ("CYRILLIC CAPITAL LETTER IE", 'E'),
        'К' => ("CYRILLIC CAPITAL LETTER KA", 'K'),
        'М' => ("CYRILLIC CAPITAL LETTER EM", 'M'),
        'Н' => ("CYRILLIC CAPITAL LETTER EN", 'H'),
        'О' => ("CYRILLIC CAPITAL LETTER O", 'O'),
        'Р' => ("CYRILLIC CAPITAL LETTER ER", 'P'),
        'С' => ("CYRILLIC CAPITAL LETTER ES", 'C'),
        'Т' => ("CYRILLIC CAPITAL LETTER TE", 'T'),
        'Х' => ("CYRILLIC CAPITAL LETTER HA", 'X'),
        'І' => ("CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I", 'I'),
        'Ј' => ("CYRILLIC CAPITAL LETTER JE", 'J'),
        'Ѕ' => ("CYRILLIC CAPITAL LETTER DZE", 'S'),
        'ο' => ("GREEK SMALL LETTER OMICRON", 'o'),
        'Α' => ("GREEK CAPITAL LETTER ALPHA", 'A'),
        'Β' => ("GREEK CAPITAL LETTER BETA", 'B'),
        'Ε' => ("GREEK CAPITAL LETTER EPSILON", 'E'),
        'Ζ' => ("GREEK CAPITAL LETTER ZETA", 'Z'),
        'Η' => ("GREEK CAPITAL LETTER ETA", 'H'),
        'Ι' => ("GREEK CAPITAL LETTER IOTA", 'I'),
        'Κ' => ("GREEK CAPITAL LETTER KAPPA", 'K'),
        'Μ' => ("GREEK CAPITAL LETTER MU", 'M'),
        'Ν' => ("GREEK CAPITAL LETTER NU", 'N'),
        'Ο' => ("GREEK CAPITAL LETTER OMICRON", 'O'),
        'Ρ' => ("GREEK CAPITAL LETTER RHO", 'P'),
        'Τ' => ("GREEK CAPITAL LETTER TAU", 'T'),
        'Υ' => ("GREEK CAPITAL LETTER UPSILON", 'Y'),
        'Χ' => ("GREEK CAPITAL LETTER CHI", 'X'),
        _ => return None,
    })
}

/// Files to scan: the policy and every file it uses.
fn files(cx: &Context) -> BTreeSet<FileId> {
    cx.main_file()
        .into_iter()
        .chain(cx.spans.events.iter().map(|s| s.file))
        .chain(cx.spans.periods.iter().map(|s| s.file))
        .collect()
}

/// A label at `span`, naming the rule it lies in, if any.
fn label(cx: &Context, span: Span, message: &str) -> Label {
    let rule = cx
        .spans
        .rules
        .iter()
        .position(|r| r.file == span.file && r.start <= span.start && span.end <= r.end);
    match rule {
        Some(r) => cx.label_at(r, span, message),
        None => Label::new(span, message),
    }
}

/// Runs W009.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for file in files(cx) {
        let text = cx.sources.text(file);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            scan_line(cx, file, offset, line, out);
            offset += line.len();
        }
    }
}

fn scan_line(cx: &Context, file: FileId, offset: usize, line: &str, out: &mut Vec<Diagnostic>) {
    // Invisible and bidirectional characters: one diagnostic per line.
    let hidden: Vec<(usize, char, &str)> = line
        .char_indices()
        .filter(|(i, c)| !(offset + i == 0 && *c == '\u{FEFF}'))
        .filter_map(|(i, c)| invisible(c).map(|n| (offset + i, c, n)))
        .collect();
    if let Some((at, c, _)) = hidden.first() {
        let names: Vec<String> = hidden
            .iter()
            .map(|(_, c, n)| format!("U+{:04X} {n}", *c as u32))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let span = Span::new(file, *at..at + c.len_utf8());
        out.push(
            Diagnostic::new(
                Code::W009,
                format!(
                    "this line holds {} that display differently from what duly reads: {}",
                    if hidden.len() == 1 { "an invisible or direction-changing character" } else { "invisible or direction-changing characters" },
                    names.join(", ")
                ),
                label(cx, span, "hidden character here"),
            )
            .with_help("delete it and retype the text around it; a policy must read the same to a person and to duly"),
        );
    }
    // Look-alike letters inside Latin-looking words.
    let mut word_start: Option<usize> = None;
    let chars: Vec<(usize, char)> = line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
        .collect();
    for &(i, c) in &chars {
        let in_word = c.is_alphanumeric() || c == '_' || c == '.';
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                check_word(cx, file, offset + s, &line[s..i], out);
                word_start = None;
            }
            _ => {}
        }
    }
}

fn check_word(cx: &Context, file: FileId, at: usize, word: &str, out: &mut Vec<Diagnostic>) {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let looks_latin = letters
        .iter()
        .all(|c| c.is_ascii_alphabetic() || confusable(*c).is_some());
    let Some((pos, c)) = word.char_indices().find(|(_, c)| confusable(*c).is_some()) else {
        return;
    };
    if !looks_latin {
        return;
    }
    let (name, latin) = confusable(c).unwrap_or(("", c));
    let span = Span::new(file, at + pos..at + pos + c.len_utf8());
    out.push(
        Diagnostic::new(
            Code::W009,
            format!(
                "`{word}` holds a letter that only looks Latin: U+{:04X} {name} looks like `{latin}`",
                c as u32
            ),
            label(cx, span, "not a Latin letter"),
        )
        .with_help(format!(
            "retype the word in plain Latin letters: `{}`",
            word.chars()
                .map(|c| confusable(c).map_or(c, |(_, l)| l))
                .collect::<String>()
        )),
    );
}
