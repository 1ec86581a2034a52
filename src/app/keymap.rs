//! Every key binding, in one table: `update` looks keys up here, and the help overlay and the
//! hint bar are generated from the same table, so they cannot drift apart.
use super::key::{Key, KeyCode, Mods};

/// Where a binding applies. Lookups try the most specific context first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Always, even while typing (only Ctrl-C).
    Always,
    /// Anywhere no text field has the keyboard.
    Global,
    /// Typing in a search form field.
    FormEdit,
    /// Typing in the collection field (extra keys to pick a mission).
    Collection,
    /// The search form with no field being edited.
    FormBrowse,
    Grid,
    Help,
    Detail,
    Columns,
    Filter,
    Confirm,
    /// The login prompt (it takes every key; these are for the hints and help).
    Login,
    /// The products grid.
    Products,
    /// Typing the products' file-name expression.
    ProductFilter,
    /// The products' facet list.
    Facets,
    /// One product's fields.
    ProductDetail,
    /// The download basket.
    Basket,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Always | Context::Global => "everywhere",
            Context::FormEdit => "search form, typing",
            Context::Collection => "collection field",
            Context::FormBrowse => "search form",
            Context::Grid => "results grid",
            Context::Help => "help",
            Context::Detail => "row details",
            Context::Columns => "column chooser",
            Context::Filter => "filter",
            Context::Confirm => "question",
            Context::Login => "login",
            Context::Products => "products grid",
            Context::ProductFilter => "products file-name filter",
            Context::Facets => "product facets",
            Context::ProductDetail => "product details",
            Context::Basket => "download basket",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    NextPane,
    PrevPane,
    GoPane(u8),
    Help,
    Back,
    NextField,
    PrevField,
    EditField,
    RunSearch,
    CountNow,
    NextMission,
    PrevMission,
    Up,
    Down,
    Top,
    Bottom,
    HalfDown,
    HalfUp,
    PageDown,
    PageUp,
    Left,
    Right,
    Filter,
    Sort,
    SortReverse,
    Columns,
    Mark,
    MarkAll,
    UnmarkAll,
    Details,
    Products,
    /// Open the login prompt.
    Login,
    /// Keep what was typed (filter) or apply the choice (columns).
    Accept,
    ToggleColumn,
    MoveColumnUp,
    MoveColumnDown,
    Yes,
    No,
    /// Show or hide guide-star products (`_gs-`).
    GuideStars,
    /// The facet list of the products.
    Facets,
    /// Send the marked products to the basket.
    ToBasket,
    /// Open the documentation or preview URL.
    Open,
    /// Basket: pause the selected file (its bytes are kept).
    BasketPause,
    /// Basket: cancel the selected file (its partial bytes are deleted).
    BasketCancel,
    /// Basket: queue the selected file again.
    BasketRetry,
    BasketRetryAll,
    /// Basket: write a curl script of the unfinished files.
    BasketCurl,
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// Shown in the hint bar of its context.
    pub hint: bool,
}

const fn k(code: KeyCode) -> Key {
    Key::new(code)
}
const fn c(ch: char) -> Key {
    Key::ch(ch)
}
const fn ctrl(ch: char) -> Key {
    Key::ctrl(ch)
}
const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods {
            ctrl: false,
            alt: false,
            shift: true,
        },
    }
}

macro_rules! bind {
    ($ctx:ident, [$($key:expr),+], $action:expr, $help:expr, $hint:expr) => {
        Binding {
            context: Context::$ctx,
            keys: &[$($key),+],
            action: $action,
            help: $help,
            hint: $hint,
        }
    };
}

use Action as A;
use KeyCode as K;

pub static BINDINGS: &[Binding] = &[
    bind!(Always, [ctrl('c')], A::ForceQuit, "exit at once", false),
    bind!(Global, [k(K::Tab)], A::NextPane, "next pane", true),
    bind!(
        Global,
        [k(K::BackTab), shift(K::Tab)],
        A::PrevPane,
        "previous pane",
        false
    ),
    bind!(Global, [c('1')], A::GoPane(0), "search pane", false),
    bind!(Global, [c('2')], A::GoPane(1), "results pane", false),
    bind!(Global, [c('3')], A::GoPane(2), "products pane", false),
    bind!(Global, [c('4')], A::GoPane(3), "basket pane", false),
    bind!(Global, [c('?'), k(K::F(1))], A::Help, "help", true),
    bind!(Global, [c('L')], A::Login, "log in (MAST token)", false),
    bind!(Login, [k(K::Enter)], A::Accept, "confirm", true),
    bind!(Login, [k(K::Esc)], A::Back, "close", true),
    bind!(Global, [k(K::Esc)], A::Back, "back out one level", false),
    bind!(Global, [c('q')], A::Quit, "quit", true),
    bind!(
        Collection,
        [k(K::Down)],
        A::NextMission,
        "next collection",
        true
    ),
    bind!(
        Collection,
        [k(K::Up)],
        A::PrevMission,
        "previous collection",
        false
    ),
    bind!(
        FormEdit,
        [k(K::Tab), k(K::Down)],
        A::NextField,
        "next field",
        true
    ),
    bind!(
        FormEdit,
        [k(K::BackTab), shift(K::Tab), k(K::Up)],
        A::PrevField,
        "previous field",
        false
    ),
    bind!(FormEdit, [k(K::Enter)], A::RunSearch, "search", true),
    bind!(FormEdit, [ctrl('n')], A::CountNow, "count only", true),
    bind!(
        FormEdit,
        [k(K::Esc)],
        A::Back,
        "stop typing (then q quits, Tab changes pane)",
        true
    ),
    bind!(
        FormBrowse,
        [c('j'), k(K::Down)],
        A::NextField,
        "next field",
        false
    ),
    bind!(
        FormBrowse,
        [c('k'), k(K::Up)],
        A::PrevField,
        "previous field",
        false
    ),
    bind!(
        FormBrowse,
        [c('i'), c('e')],
        A::EditField,
        "edit the field",
        true
    ),
    bind!(FormBrowse, [k(K::Enter)], A::RunSearch, "search", true),
    bind!(FormBrowse, [ctrl('n')], A::CountNow, "count only", false),
    bind!(Grid, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Grid, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Grid, [c('g'), k(K::Home)], A::Top, "first row", false),
    bind!(Grid, [c('G'), k(K::End)], A::Bottom, "last row", false),
    bind!(Grid, [ctrl('d')], A::HalfDown, "half a page down", false),
    bind!(Grid, [ctrl('u')], A::HalfUp, "half a page up", false),
    bind!(Grid, [k(K::PageDown)], A::PageDown, "page down", false),
    bind!(Grid, [k(K::PageUp)], A::PageUp, "page up", false),
    bind!(Grid, [c('h'), k(K::Left)], A::Left, "column left", false),
    bind!(Grid, [c('l'), k(K::Right)], A::Right, "column right", false),
    bind!(Grid, [c('/')], A::Filter, "filter", true),
    bind!(Grid, [c('s')], A::Sort, "sort by this column", true),
    bind!(Grid, [c('S')], A::SortReverse, "sort, reversed", false),
    bind!(Grid, [c('c')], A::Columns, "columns", true),
    bind!(Grid, [c(' ')], A::Mark, "mark", true),
    bind!(Grid, [c('a')], A::MarkAll, "mark all shown", false),
    bind!(Grid, [c('A')], A::UnmarkAll, "unmark all", false),
    bind!(Grid, [k(K::Enter)], A::Details, "details", true),
    bind!(Grid, [c('p')], A::Products, "products", true),
    bind!(Help, [k(K::Esc), c('q'), c('?')], A::Back, "close", true),
    bind!(Help, [c('j'), k(K::Down)], A::Down, "scroll down", true),
    bind!(Help, [c('k'), k(K::Up)], A::Up, "scroll up", false),
    bind!(
        Detail,
        [k(K::Esc), c('q'), k(K::Enter)],
        A::Back,
        "close",
        true
    ),
    bind!(Detail, [c('j'), k(K::Down)], A::Down, "scroll down", true),
    bind!(Detail, [c('k'), k(K::Up)], A::Up, "scroll up", false),
    bind!(Columns, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Columns, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Columns, [c(' ')], A::ToggleColumn, "show / hide", true),
    bind!(Columns, [c('K')], A::MoveColumnUp, "move up", true),
    bind!(Columns, [c('J')], A::MoveColumnDown, "move down", true),
    bind!(Columns, [k(K::Enter)], A::Accept, "apply", true),
    bind!(Columns, [k(K::Esc), c('q')], A::Back, "cancel", true),
    bind!(Filter, [k(K::Enter)], A::Accept, "keep the filter", true),
    bind!(Filter, [k(K::Down)], A::Down, "next row", false),
    bind!(Filter, [k(K::Up)], A::Up, "previous row", false),
    bind!(Filter, [k(K::Esc)], A::Back, "clear the filter", true),
    bind!(Confirm, [c('y'), k(K::Enter)], A::Yes, "yes", true),
    bind!(Products, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Products, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Products, [c('g'), k(K::Home)], A::Top, "first row", false),
    bind!(Products, [c('G'), k(K::End)], A::Bottom, "last row", false),
    bind!(
        Products,
        [ctrl('d')],
        A::HalfDown,
        "half a page down",
        false
    ),
    bind!(Products, [ctrl('u')], A::HalfUp, "half a page up", false),
    bind!(Products, [k(K::PageDown)], A::PageDown, "page down", false),
    bind!(Products, [k(K::PageUp)], A::PageUp, "page up", false),
    bind!(
        Products,
        [c('/')],
        A::Filter,
        "file-name filter: _cal.fits,_i2d.fits,!_gs-",
        true
    ),
    bind!(Products, [c('f')], A::Facets, "facets", true),
    bind!(
        Products,
        [c('x')],
        A::GuideStars,
        "show / hide guide stars",
        true
    ),
    bind!(Products, [c(' ')], A::Mark, "mark", true),
    bind!(Products, [c('a')], A::MarkAll, "mark all shown", false),
    bind!(Products, [c('A')], A::UnmarkAll, "unmark all", false),
    bind!(Products, [c('b')], A::ToBasket, "to basket", true),
    bind!(
        Products,
        [c('h'), k(K::Left)],
        A::Left,
        "column left",
        false
    ),
    bind!(
        Products,
        [c('l'), k(K::Right)],
        A::Right,
        "column right",
        false
    ),
    bind!(Products, [c('s')], A::Sort, "sort by this column", true),
    bind!(Products, [c('S')], A::SortReverse, "sort, reversed", false),
    bind!(Products, [c('c')], A::Columns, "columns", true),
    bind!(Basket, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Basket, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Basket, [c('g'), k(K::Home)], A::Top, "first file", false),
    bind!(Basket, [c('G'), k(K::End)], A::Bottom, "last file", false),
    bind!(Basket, [c('p')], A::BasketPause, "pause", true),
    bind!(Basket, [c('x')], A::BasketCancel, "cancel", true),
    bind!(Basket, [c('r')], A::BasketRetry, "retry / resume", true),
    bind!(
        Basket,
        [c('R')],
        A::BasketRetryAll,
        "retry all failed",
        true
    ),
    bind!(Basket, [c('c')], A::BasketCurl, "write curl script", true),
    bind!(Products, [k(K::Enter)], A::Details, "details", true),
    bind!(
        Products,
        [c('o')],
        A::Open,
        "open documentation / preview",
        false
    ),
    bind!(
        Products,
        [k(K::Esc)],
        A::Back,
        "stop fetching (keeps what came), then clear the filter",
        false
    ),
    bind!(ProductFilter, [k(K::Enter)], A::Accept, "keep", true),
    bind!(ProductFilter, [k(K::Esc)], A::Back, "clear", true),
    bind!(Facets, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Facets, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Facets, [c(' ')], A::Mark, "tick / untick", true),
    bind!(Facets, [c('x')], A::GuideStars, "guide stars", true),
    bind!(
        Facets,
        [k(K::Esc), k(K::Enter), c('f'), c('q')],
        A::Back,
        "close",
        true
    ),
    bind!(
        ProductDetail,
        [k(K::Esc), c('q'), k(K::Enter)],
        A::Back,
        "close",
        true
    ),
    bind!(
        ProductDetail,
        [c('j'), k(K::Down)],
        A::Down,
        "scroll down",
        true
    ),
    bind!(ProductDetail, [c('k'), k(K::Up)], A::Up, "scroll up", false),
    bind!(ProductDetail, [c('o')], A::Open, "open documentation", true),
    bind!(Confirm, [c('n'), k(K::Esc), c('q')], A::No, "no", true),
];

/// The action bound to `key` in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], key: &Key) -> Option<Action> {
    contexts.iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .find(|b| b.context == *ctx && b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    })
}

/// Hint bar entries (`key`, `what`) for these contexts, the general ones (help, quit) first
/// so that they survive a narrow terminal.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    contexts
        .iter()
        .rev()
        .flat_map(|ctx| BINDINGS.iter().filter(move |b| b.context == *ctx && b.hint))
        .map(|b| (b.keys[0].label(), b.help))
        .collect()
}

/// Help overlay sections: a title and its (`keys`, `what`) lines, for every context.
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let order = [
        Context::Global,
        Context::Always,
        Context::FormEdit,
        Context::Collection,
        Context::FormBrowse,
        Context::Grid,
        Context::Products,
        Context::ProductFilter,
        Context::Facets,
        Context::ProductDetail,
        Context::Basket,
        Context::Filter,
        Context::Columns,
        Context::Detail,
        Context::Help,
        Context::Confirm,
        Context::Login,
    ];
    let mut out: Vec<(&'static str, Vec<(String, &'static str)>)> = Vec::new();
    for ctx in order {
        let lines: Vec<(String, &'static str)> = BINDINGS
            .iter()
            .filter(|b| b.context == ctx)
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                (keys.join(" "), b.help)
            })
            .collect();
        match out.last_mut() {
            Some((title, l)) if *title == ctx.title() => l.extend(lines),
            _ => out.push((ctx.title(), lines)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_contexts_do_not_bind_plain_q() {
        assert_eq!(lookup(&[Context::FormEdit, Context::Always], &c('q')), None);
        assert_eq!(
            lookup(&[Context::Grid, Context::Global], &c('q')),
            Some(A::Quit)
        );
        assert_eq!(
            lookup(&[Context::FormEdit, Context::Always], &ctrl('c')),
            Some(A::ForceQuit)
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let n: usize = help_sections().iter().map(|(_, l)| l.len()).sum();
        assert_eq!(n, BINDINGS.len());
    }
}
