//! Colours, or none: with `NO_COLOR` everything is plain, and the selection stays visible by
//! reverse video plus a marker character.
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub const COLOR: Theme = Theme { color: true };
    pub const MONO: Theme = Theme { color: false };

    /// Monochrome when `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_no_color(no_color: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn base(&self) -> Style {
        Style::new()
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The column under the cursor, in the header.
    pub fn header_cursor(&self) -> Style {
        self.header().add_modifier(Modifier::UNDERLINED)
    }

    /// The cursor row: reverse video works everywhere, colour or not.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn marked(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The exclusive-access glyph: a colour of its own; the glyph alone carries it in mono.
    pub fn exclusive(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn tab(&self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn tab_active(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(236)).fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    pub fn input(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(237))
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn popup_border(&self) -> Style {
        self.fg(Color::Cyan)
    }
}
