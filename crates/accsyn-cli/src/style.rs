//! Colour: only on a terminal, never when `NO_COLOR` is set (to anything but nothing), never
//! for `TERM=dumb`. Decided once in `main` for stdout and stderr apart, and applied through
//! console's switches, which indicatif's bars read too.

use std::io::IsTerminal;

use console::Style;

/// Whether a stream that is (or is not) a terminal gets colour under this environment.
pub(crate) fn colour_wanted(is_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb")
}

/// Turns colour on or off for stdout and stderr (the binary owns this process-wide switch).
pub(crate) fn init() {
    let no_color = std::env::var("NO_COLOR").ok();
    let term = std::env::var("TERM").ok();
    let wanted = |tty: bool| colour_wanted(tty, no_color.as_deref(), term.as_deref());
    console::set_colors_enabled(wanted(std::io::stdout().is_terminal()));
    console::set_colors_enabled_stderr(wanted(std::io::stderr().is_terminal()));
}

/// `accsyn: error: `, red on a terminal.
pub(crate) fn error_label() -> String {
    let style = Style::new().red().bold().for_stderr();
    format!("{} ", style.apply_to("accsyn: error:"))
}

/// A query error's text with its caret line in red on a terminal.
pub(crate) fn caret(message: &str) -> String {
    match message.rsplit_once('\n') {
        Some((head, caret)) => {
            let style = Style::new().red().bold().for_stderr();
            format!("{head}\n{}", style.apply_to(caret))
        }
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::colour_wanted;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour_wanted(true, None, Some("xterm-256color")));
        assert!(!colour_wanted(false, None, None));
        assert!(!colour_wanted(true, Some("1"), None));
        // The NO_COLOR convention: an empty value does not count.
        assert!(colour_wanted(true, Some(""), None));
        assert!(!colour_wanted(true, None, Some("dumb")));
    }
}
