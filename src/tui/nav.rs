//! A filtered, scrollable selection over a list of rows (used by both panes).

/// `view` holds the indices of the rows that pass the filter; `sel` is a position in `view`;
/// `offset` is the first visible position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListNav {
    pub view: Vec<usize>,
    pub sel: usize,
    pub offset: usize,
}

impl ListNav {
    /// The selected row's index in the underlying rows.
    pub fn selected(&self) -> Option<usize> {
        self.view.get(self.sel).copied()
    }

    /// Replaces the visible rows, keeping `keep` (a row index) selected when it is still there.
    pub fn set_view(&mut self, view: Vec<usize>, keep: Option<usize>) {
        self.sel = keep
            .and_then(|k| view.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.view = view;
        self.offset = self.offset.min(self.sel);
    }

    /// Moves by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() - 1;
        self.sel = self.sel.saturating_add_signed(delta).min(last);
    }

    pub fn top(&mut self) {
        self.sel = 0;
    }

    pub fn bottom(&mut self) {
        self.sel = self.view.len().saturating_sub(1);
    }

    /// Selects the row at a position in the view if there is one; `true` when it did.
    pub fn select_pos(&mut self, pos: usize) -> bool {
        if pos < self.view.len() {
            self.sel = pos;
            true
        } else {
            false
        }
    }

    /// Scrolls the window of `height` rows so that the selection is visible.
    pub fn follow(&mut self, height: usize) {
        self.offset = window_start(self.offset, self.sel, self.view.len(), height);
    }
}

/// The first visible position of a `height`-row window that shows `sel`, moving as little as
/// possible from `offset` and never leaving blank rows at the end when it can be avoided.
pub fn window_start(offset: usize, sel: usize, len: usize, height: usize) -> usize {
    if height == 0 {
        return sel;
    }
    let mut start = offset.min(len.saturating_sub(height));
    if sel < start {
        start = sel;
    } else if sel >= start + height {
        start = sel + 1 - height;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection() {
        assert_eq!(window_start(0, 5, 100, 10), 0);
        assert_eq!(window_start(0, 10, 100, 10), 1);
        assert_eq!(window_start(50, 3, 100, 10), 3);
        assert_eq!(window_start(95, 99, 100, 10), 90);
        assert_eq!(window_start(0, 0, 3, 10), 0);
    }

    #[test]
    fn filtering_keeps_the_selection() {
        let mut n = ListNav {
            view: (0..10).collect(),
            sel: 4,
            offset: 0,
        };
        n.set_view(vec![1, 4, 7], Some(4));
        assert_eq!(n.selected(), Some(4));
        n.set_view(vec![1, 7], Some(4));
        assert_eq!(n.selected(), Some(1));
        n.move_by(5);
        assert_eq!(n.selected(), Some(7));
        n.move_by(-9);
        assert_eq!(n.selected(), Some(1));
    }
}
