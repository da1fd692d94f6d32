//! Byte offsets to 1-based line and column numbers.

/// Where each line of a text starts, to turn byte offsets into lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    /// Total length, and whether columns count characters (text) or bytes.
    len: usize,
    text: Option<String>,
}

impl LineIndex {
    /// The index of a text; columns count characters.
    pub fn new(text: &str) -> LineIndex {
        let mut idx = LineIndex::new_bytes(text.as_bytes());
        idx.text = Some(text.to_string());
        idx
    }

    /// The index of bytes; columns count bytes.
    pub fn new_bytes(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: bytes.len(),
            text: None,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset)
    }

    /// 1-based (line, column); columns count characters when the text is known.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let col = match &self.text {
            Some(t) => t
                .get(start..offset)
                .map(|s| s.chars().count())
                .unwrap_or(offset - start),
            None => offset - start,
        };
        (line, col + 1)
    }

    /// The position just after the last byte.
    pub fn position_at_end(&self) -> (usize, usize) {
        self.position(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let idx = LineIndex::new("a\nbé c\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(2), (2, 1));
        assert_eq!(idx.position(5), (2, 3));
        assert_eq!(idx.line(7), 2);
        assert_eq!(idx.line(8), 3);
    }
}
