//! The two panes: which one has the focus, and a filtered, scrollable selection over a list
//! of rows for each: the rows that pass the filter, and ratatui's [`ListState`] for the
//! highlighted position and the first visible one.

use ratatui::widgets::ListState;

/// The pane the keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Profiles,
    Keys,
}

#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Indices of the rows that pass the filter, in order.
    view: Vec<usize>,
    /// `selected` and `offset` are positions in `view`.
    state: ListState,
}

impl Selection {
    /// Indices of the rows that pass the filter, in order.
    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// The highlighted position in the view (0 when the view is empty).
    pub fn pos(&self) -> usize {
        self.state.selected().unwrap_or(0)
    }

    /// The first visible position.
    pub fn offset(&self) -> usize {
        self.state.offset()
    }

    /// The selected row's index in the underlying rows.
    pub fn selected(&self) -> Option<usize> {
        self.view.get(self.pos()).copied()
    }

    /// Replaces the visible rows, keeping `keep` (a row index) selected when it is still there.
    pub fn set_view(&mut self, view: Vec<usize>, keep: Option<usize>) {
        let pos = keep
            .and_then(|k| view.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.view = view;
        let offset = self.offset().min(pos);
        self.state = ListState::default()
            .with_selected(Some(pos))
            .with_offset(offset);
    }

    /// Moves by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() - 1;
        self.state
            .select(Some(self.pos().saturating_add_signed(delta).min(last)));
    }

    /// Selects the row at a position in the view if there is one; `true` when it did.
    pub fn select_pos(&mut self, pos: usize) -> bool {
        let ok = pos < self.view.len();
        if ok {
            self.state.select(Some(pos));
        }
        ok
    }

    /// Scrolls the window of `height` rows so that the selection is visible.
    pub fn follow(&mut self, height: usize) {
        let start = window_start(self.offset(), self.pos(), self.view.len(), height);
        *self.state.offset_mut() = start;
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
        let mut n = Selection::default();
        n.set_view((0..10).collect(), Some(4));
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
