//! A small CSV writer (RFC 4180 quoting) that also defuses spreadsheet formulas: exports are
//! opened in Excel or Sheets, where a cell such as `=HYPERLINK(…)` typed by a student into their
//! profile would otherwise run as a formula on the institute's computer.

/// Builds a CSV document row by row, with CRLF line ends.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new() -> Self {
        CsvWriter::default()
    }

    /// Appends one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&cell_text(cell.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// One cell: a leading formula character is neutralised with `'`, then the cell is quoted when
/// it holds a comma, quote or line break (quotes doubled).
pub fn cell_text(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_defuses_formulas() {
        assert_eq!(cell_text("plain"), "plain");
        assert_eq!(cell_text("Pune, MH"), "\"Pune, MH\"");
        assert_eq!(cell_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell_text("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell_text("=1+2"), "'=1+2");
        assert_eq!(cell_text("+91"), "'+91");
        assert_eq!(cell_text("-5"), "'-5");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("=A1,B1"), "\"'=A1,B1\"");
        assert_eq!(cell_text(""), "");
        let mut w = CsvWriter::new();
        w.row(&["a", "b,c"]);
        w.row(&["", "=x"]);
        assert_eq!(w.finish(), "a,\"b,c\"\r\n,'=x\r\n");
    }
}
