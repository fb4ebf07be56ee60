//! Splitting CSV bytes into records and fields without copying, the way the
//! `csv` crate reads them (quotes protect commas and line breaks, `""` is a
//! quote inside quotes, `\n`, `\r\n` and `\r` end a record, blank lines are
//! skipped). The reading thread only finds where records start and end and
//! which case each belongs to; the workers split the fields. A proptest holds
//! both to the `csv` crate on arbitrary input.

use std::borrow::Cow;
use std::io::{self, Read};

/// One record: its bytes (without the line ending) and the line it starts on.
pub(crate) struct Record<'a> {
    pub bytes: &'a [u8],
    pub line: u64,
}

/// Reads records from a stream, a buffer at a time.
pub(crate) struct Records<R: Read> {
    reader: R,
    buf: Vec<u8>,
    /// Start of the unread part of `buf`.
    start: usize,
    /// Bytes of `buf` holding data.
    end: usize,
    /// The line the next record starts on, counting from 1.
    line: u64,
    eof: bool,
}

/// How much to read at a time; a record longer than this grows the buffer.
const CHUNK: usize = 1 << 20;

impl<R: Read> Records<R> {
    /// Records of `reader`.
    pub(crate) fn new(reader: R) -> Records<R> {
        Records {
            reader,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            line: 1,
            eof: false,
        }
    }

    /// The next record, or `None` at the end. Borrowed until the next call.
    pub(crate) fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        loop {
            // Skip blank lines, as the csv crate does.
            while self.start < self.end && matches!(self.buf[self.start], b'\n' | b'\r') {
                self.line += count_lines(&self.buf[self.start..self.start + 1]);
                self.start += 1;
            }
            let rest = &self.buf[self.start..self.end];
            // The usual row: no quote and no `\r` before its line feed.
            let plain = memchr::memchr3(b'\n', b'"', b'\r', rest)
                .filter(|&i| rest[i] == b'\n')
                .map(|i| (i, i + 1));
            if let Some((len, next)) = plain.or_else(|| record_end(rest, self.eof)) {
                let at = self.start;
                let line = self.line;
                self.line += if plain.is_some() {
                    1
                } else {
                    count_lines(&self.buf[at..at + next])
                };
                self.start = at + next;
                return Ok(Some(Record {
                    bytes: &self.buf[at..at + len],
                    line,
                }));
            }
            if self.eof {
                return Ok(None);
            }
            self.fill()?;
        }
    }

    /// Moves the unread part to the front and reads more after it.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }
}

/// Line breaks within `bytes`: each `\n` (so `\r\n` counts once; a lone `\r`
/// ends a record but, as in most editors' line numbers, not a line).
fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Where the first record of `bytes` ends: (its length, where the next one
/// starts). `None` if the record may go on past `bytes` (unless at the end of
/// the input, where whatever is left is the last record).
fn record_end(bytes: &[u8], eof: bool) -> Option<(usize, usize)> {
    if bytes.is_empty() {
        return None;
    }
    let mut quoted = false;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                if i + 1 == bytes.len() && !eof {
                    return None; // cannot tell `"` from `""` yet
                }
                quoted = false;
            }
        } else {
            match b {
                b'"' if field_start => quoted = true,
                b',' => {
                    field_start = true;
                    i += 1;
                    continue;
                }
                b'\n' => return Some((i, i + 1)),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        return Some((i, i + 2));
                    }
                    if i + 1 == bytes.len() && !eof {
                        return None; // `\r` may be the first half of `\r\n`
                    }
                    return Some((i, i + 1));
                }
                _ => {}
            }
        }
        field_start = false;
        i += 1;
    }
    eof.then_some((bytes.len(), bytes.len()))
}

/// The fields of one record, unquoted.
pub(crate) fn fields(record: &[u8]) -> Vec<Cow<'_, [u8]>> {
    Fields::new(record).collect()
}

/// Field `n` (from 0) of a record, unquoted, reading no further than it.
pub(crate) fn field(record: &[u8], n: usize) -> Option<Cow<'_, [u8]>> {
    Fields::new(record).nth(n)
}

/// The fields of a record, one at a time.
pub(crate) struct Fields<'a> {
    record: &'a [u8],
    /// Where the next field starts; `None` once the last one is out.
    at: Option<usize>,
}

impl<'a> Fields<'a> {
    /// The fields of `record`.
    pub(crate) fn new(record: &'a [u8]) -> Fields<'a> {
        Fields {
            record,
            at: Some(0),
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Cow<'a, [u8]>;

    fn next(&mut self) -> Option<Cow<'a, [u8]>> {
        let record = self.record;
        let mut i = self.at?;
        let value = if record.get(i) == Some(&b'"') {
            // A quoted field: up to the closing quote, `""` for a quote, then
            // (leniently, as the csv crate) anything up to the next comma.
            let mut value = Vec::new();
            i += 1;
            while i < record.len() {
                match record[i] {
                    b'"' if record.get(i + 1) == Some(&b'"') => {
                        value.push(b'"');
                        i += 2;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b => {
                        value.push(b);
                        i += 1;
                    }
                }
            }
            let stop = memchr::memchr(b',', &record[i..]).map_or(record.len(), |p| i + p);
            value.extend_from_slice(&record[i..stop]);
            i = stop;
            Cow::Owned(value)
        } else {
            let stop = memchr::memchr(b',', &record[i..]).map_or(record.len(), |p| i + p);
            let value = Cow::Borrowed(&record[i..stop]);
            i = stop;
            value
        };
        // Past a comma another field follows, even an empty last one.
        self.at = (i < record.len()).then_some(i + 1);
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (line, fields) of every record, by this module.
    fn ours(input: &[u8], chunk: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::new(input);
        records.buf = vec![0; chunk.max(1)];
        let mut out = Vec::new();
        while let Some(r) = records.next_record().unwrap() {
            let f = fields(r.bytes).into_iter().map(Cow::into_owned).collect();
            out.push((r.line, f));
        }
        out
    }

    /// The same, by the csv crate.
    fn theirs(input: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while r.read_byte_record(&mut rec).unwrap() {
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            out.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// Fields only: the csv crate's line numbers lag after `\r\n` endings.
    fn fields_only(records: Vec<(u64, Vec<Vec<u8>>)>) -> Vec<Vec<Vec<u8>>> {
        records.into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn one_field_reads_as_all_do() {
        for record in [&b"a,\"b,c\",d"[..], b"\"x\"\"y\",", b",,", b"solo"] {
            let all = fields(record);
            for (n, f) in all.iter().enumerate() {
                assert_eq!(field(record, n).as_deref(), Some(&**f));
            }
            assert_eq!(field(record, all.len()), None);
        }
    }

    #[test]
    fn lines_count_line_feeds() {
        let got: Vec<u64> = ours(b"a\r\nb\r\n\r\n\"c\nd\"\ne\rf\n", 4)
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(got, [1, 2, 4, 6, 6]);
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        for input in [
            &b"case,event,at\nA,icpc,2026-01-05\n"[..],
            b"a,\"b,c\",d\r\ne,\"f\"\"g\",h",
            b"\n\na,b\r\r\nc\n",
            b"\"multi\nline\",x\ny,z",
            b"a,\"b\"c,d\n",
            b"a\"b,c\n",
            b",\n,,\n",
            b"\"unterminated,x\ny",
        ] {
            let want = fields_only(theirs(input));
            assert_eq!(
                fields_only(ours(input, 1 << 20)),
                want,
                "{:?}",
                String::from_utf8_lossy(input)
            );
            assert_eq!(
                fields_only(ours(input, 3)),
                want,
                "small buffer: {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_with_the_csv_crate(input in "[ab,\"\n\r]{0,40}", chunk in 1usize..8) {
            prop_assert_eq!(fields_only(ours(input.as_bytes(), chunk)), fields_only(theirs(input.as_bytes())));
        }

        /// Line numbers are the editor's: without quotes, a record's line is its
        /// line in the text (the csv crate's lag after blank lines).
        #[test]
        fn lines_are_the_lines_of_the_text(input in "[ab,\n]{0,40}", chunk in 1usize..8) {
            let want: Vec<(u64, Vec<Vec<u8>>)> = input
                .split('\n')
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
                .map(|(i, l)| (i as u64 + 1, l.split(',').map(|f| f.as_bytes().to_vec()).collect()))
                .collect();
            prop_assert_eq!(ours(input.as_bytes(), chunk), want);
        }
    }
}
