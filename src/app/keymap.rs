//! Every key binding, in one table. `remap::Keymap` (the table with the config's remaps)
//! is what `update` looks keys up in and what the help overlay and the hint bar are drawn
//! from, so they cannot drift apart.
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
    /// The form's source line (observations or a catalog).
    SourcePick,
    /// The search form with no field being edited.
    FormBrowse,
    /// Typing in a search form that is empty or shows a recalled search: Up/Down walk the
    /// history as in a shell.
    HistoryWalk,
    /// The search history overlay (typing filters it).
    History,
    /// The name prompt of a search being saved.
    SaveName,
    /// Moving in any list: the grids and the basket.
    Move,
    /// Any grid of rows (results, products): columns, sort, filter, marks, details.
    Grid,
    /// The results grid's own keys.
    Results,
    /// The products grid's own keys.
    Products,
    /// The catalog grid's own keys.
    Catalog,
    /// The mission grid's own keys.
    Mission,
    /// Typing a grid's filter.
    Filter,
    /// The products' facet list.
    Facets,
    /// The download basket.
    Basket,
    Help,
    /// Every field of one row.
    Detail,
    Columns,
    Confirm,
    /// Typing a token into the login prompt.
    Login,
    /// The login prompt, once MAST accepted the token: where to keep it.
    LoginKeep,
    /// The sky view of the results.
    Sky,
    /// The cutout form.
    Cutout,
    /// The cutout form's service line.
    CutoutService,
    /// The cutout form's list of sectors or surveys.
    CutoutList,
    /// The `:` command line.
    CommandLine,
    /// The download settings form.
    Settings,
    /// The download settings form, on a choice (layout, parallel).
    SettingsChoice,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Always | Context::Global => "everywhere",
            Context::FormEdit => "search form, typing",
            Context::Collection => "collection field",
            Context::SourcePick => "search form, source line",
            Context::FormBrowse => "search form",
            Context::HistoryWalk => "search form, empty or recalled",
            Context::History => "search history",
            Context::SaveName => "saving a search",
            Context::Move => "moving in grids and lists",
            Context::Grid => "grids (results, products)",
            Context::Results => "results grid",
            Context::Products => "products grid",
            Context::Catalog => "catalog grid",
            Context::Mission => "mission grid",
            Context::Filter => "typing a filter",
            Context::Facets => "product facets",
            Context::Basket => "download basket",
            Context::Help => "help",
            Context::Detail => "row details",
            Context::Columns => "column chooser",
            Context::Confirm => "question",
            Context::Login => "login",
            Context::LoginKeep => "login, keeping the token",
            Context::Sky => "sky view",
            Context::Cutout => "cutout form",
            Context::CutoutService => "cutout form, service line",
            Context::CutoutList => "cutout form, sectors or surveys",
            Context::Settings | Context::SettingsChoice => "download settings",
            Context::CommandLine => "command line (:)",
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
    /// The form's next or previous source (observations, a catalog).
    NextSource,
    PrevSource,
    /// Catalog: observations around the source (a cone of its position).
    ObservationsAround,
    /// Results: catalog sources within the observation's footprint.
    SourcesAround,
    /// A row with a position: the cutout form around it.
    Cutout,
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
    /// Keep what was typed (filter), apply the choice (columns), check the token (login).
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
    /// Basket: check the download directory against its manifest.
    BasketVerify,
    /// Login: clear what was typed.
    ClearField,
    /// Login: open (or copy) the page where tokens are made.
    MakeToken,
    /// Login: keep the accepted token in the system keyring.
    KeepKeyring,
    /// Login: keep the accepted token in a 0600 file.
    KeepFile,
    /// Login: keep the accepted token for this session only.
    KeepSession,
    /// Results: where the rows fall on the sky.
    Sky,
    ZoomIn,
    ZoomOut,
    /// Sky view: the next or previous row (the grid's cursor moves with it).
    NextRow,
    PrevRow,
    /// Sky view: centre on the row under the cursor.
    Center,
    /// Sky view: colour by collection or by instrument.
    ColorBy,
    /// Sky: show or hide the catalog pane's sources.
    ToggleSources,
    /// Products: open or close the preview panel.
    Preview,
    /// Basket: where files go, their layout, how many at once.
    DownloadSettings,
    /// The `:` command line.
    CommandLine,
    /// Search form: the history of searches.
    History,
    /// Search form: keep the criteria under a name.
    SaveSearch,
    /// Search form: the previous (older) or next (newer) search of the history.
    OlderSearch,
    NewerSearch,
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
    bind!(Global, [c('5')], A::GoPane(4), "catalog pane", false),
    bind!(Global, [c('6')], A::GoPane(5), "mission pane", false),
    bind!(Global, [c('?'), k(K::F(1))], A::Help, "help", true),
    bind!(Global, [c('L')], A::Login, "log in (MAST token)", false),
    bind!(
        Global,
        [c(':')],
        A::CommandLine,
        "command line (:export FILE, :curl, :set, :w)",
        false
    ),
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
        SourcePick,
        [k(K::Right), c(' ')],
        A::NextSource,
        "next source (a letter jumps)",
        true
    ),
    bind!(
        SourcePick,
        [k(K::Left)],
        A::PrevSource,
        "previous source",
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
    bind!(FormEdit, [ctrl('r')], A::History, "search history", true),
    // Kept off the hint bar, which has room for Tab and q here; `?` lists them.
    bind!(
        FormBrowse,
        [ctrl('r'), c('H')],
        A::History,
        "search history",
        false
    ),
    bind!(
        FormBrowse,
        [c('S')],
        A::SaveSearch,
        "save the search under a name",
        false
    ),
    bind!(
        HistoryWalk,
        [k(K::Up)],
        A::OlderSearch,
        "older search from the history",
        true
    ),
    bind!(
        HistoryWalk,
        [k(K::Down)],
        A::NewerSearch,
        "newer search from the history",
        false
    ),
    bind!(History, [k(K::Down), ctrl('n')], A::Down, "older", false),
    bind!(History, [k(K::Up), ctrl('p')], A::Up, "newer", false),
    bind!(
        History,
        [k(K::Enter)],
        A::Accept,
        "put it in the form",
        true
    ),
    bind!(History, [k(K::Esc)], A::Back, "close", true),
    bind!(SaveName, [k(K::Enter)], A::Accept, "save", true),
    bind!(SaveName, [k(K::Esc)], A::Back, "cancel", true),
    bind!(Move, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Move, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Move, [c('g'), k(K::Home)], A::Top, "first row", false),
    bind!(Move, [c('G'), k(K::End)], A::Bottom, "last row", false),
    bind!(Move, [ctrl('d')], A::HalfDown, "half a page down", false),
    bind!(Move, [ctrl('u')], A::HalfUp, "half a page up", false),
    bind!(Move, [k(K::PageDown)], A::PageDown, "page down", false),
    bind!(Move, [k(K::PageUp)], A::PageUp, "page up", false),
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
    bind!(
        Grid,
        [c('o')],
        A::Open,
        "open documentation / preview",
        false
    ),
    bind!(
        Grid,
        [k(K::Esc)],
        A::Back,
        "clear the filter, then stop loading",
        false
    ),
    bind!(Results, [c('p')], A::Products, "products", true),
    bind!(Results, [c('v')], A::Sky, "sky view", true),
    bind!(
        Results,
        [c('C')],
        A::SourcesAround,
        "catalog sources in the footprint",
        true
    ),
    bind!(Results, [c('X')], A::Cutout, "cutout here", true),
    bind!(
        Catalog,
        [c('O')],
        A::ObservationsAround,
        "observations around the source",
        true
    ),
    bind!(Catalog, [c('X')], A::Cutout, "cutout here", true),
    bind!(
        Mission,
        [c('p')],
        A::Products,
        "files of the datasets",
        true
    ),
    bind!(Mission, [c('X')], A::Cutout, "cutout here", true),
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
    bind!(Products, [c('b')], A::ToBasket, "to basket", true),
    bind!(Products, [c('i')], A::Preview, "preview panel", false),
    bind!(
        Products,
        [k(K::Esc)],
        A::Back,
        "stop fetching (keeps what came), then clear the filter",
        false
    ),
    bind!(Filter, [k(K::Enter)], A::Accept, "keep", true),
    bind!(Filter, [k(K::Down)], A::Down, "next row", false),
    bind!(Filter, [k(K::Up)], A::Up, "previous row", false),
    bind!(Filter, [k(K::Esc)], A::Back, "clear", true),
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
    bind!(
        Basket,
        [c('o')],
        A::DownloadSettings,
        "settings: directory, layout, parallel",
        true
    ),
    bind!(
        Basket,
        [c('V')],
        A::BasketVerify,
        "verify the files against the manifest",
        true
    ),
    bind!(
        Basket,
        [k(K::Enter), c('h')],
        A::Details,
        "FITS header of the file (/ searches)",
        true
    ),
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
    bind!(Detail, [c('/')], A::Filter, "search the lines", true),
    bind!(
        Detail,
        [c('o')],
        A::Open,
        "open documentation / preview",
        true
    ),
    bind!(Columns, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(Columns, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(Columns, [c(' ')], A::ToggleColumn, "show / hide", true),
    bind!(Columns, [c('K')], A::MoveColumnUp, "move up", true),
    bind!(Columns, [c('J')], A::MoveColumnDown, "move down", true),
    bind!(Columns, [k(K::Enter)], A::Accept, "apply", true),
    bind!(Columns, [k(K::Esc), c('q')], A::Back, "cancel", true),
    bind!(Confirm, [c('y'), k(K::Enter)], A::Yes, "yes", true),
    bind!(Confirm, [c('n'), k(K::Esc), c('q')], A::No, "no", true),
    bind!(Login, [k(K::Enter)], A::Accept, "check", true),
    bind!(Login, [ctrl('u')], A::ClearField, "clear", false),
    bind!(Login, [ctrl('o')], A::MakeToken, "make one", true),
    bind!(Login, [k(K::Esc)], A::Back, "cancel", true),
    bind!(LoginKeep, [c('k')], A::KeepKeyring, "system keyring", true),
    bind!(LoginKeep, [c('f')], A::KeepFile, "file (0600)", true),
    bind!(
        LoginKeep,
        [c('s'), k(K::Enter), k(K::Esc)],
        A::KeepSession,
        "session only",
        true
    ),
    bind!(Sky, [c('h'), k(K::Left)], A::Left, "pan east (left)", false),
    bind!(
        Sky,
        [c('l'), k(K::Right)],
        A::Right,
        "pan west (right)",
        false
    ),
    bind!(Sky, [c('k'), k(K::Up)], A::Up, "pan north", false),
    bind!(Sky, [c('j'), k(K::Down)], A::Down, "pan south", false),
    bind!(Sky, [c('+'), c('=')], A::ZoomIn, "zoom in", true),
    bind!(Sky, [c('-')], A::ZoomOut, "zoom out", true),
    bind!(
        Sky,
        [c('n')],
        A::NextRow,
        "next row (the grid's cursor follows)",
        true
    ),
    bind!(Sky, [c('N')], A::PrevRow, "previous row", false),
    bind!(
        Sky,
        [c('.')],
        A::Center,
        "centre on the cursor's row",
        false
    ),
    bind!(
        Sky,
        [c('c')],
        A::ColorBy,
        "colour by collection / instrument",
        true
    ),
    bind!(
        Sky,
        [c('s')],
        A::ToggleSources,
        "catalog sources on / off",
        true
    ),
    bind!(Sky, [k(K::Esc), c('q'), c('v')], A::Back, "close", true),
    bind!(
        CutoutService,
        [k(K::Right), c(' ')],
        A::NextSource,
        "next service",
        true
    ),
    bind!(
        CutoutService,
        [k(K::Left)],
        A::PrevSource,
        "previous service",
        false
    ),
    bind!(CutoutList, [c('j'), k(K::Down)], A::Down, "down", false),
    bind!(CutoutList, [c('k'), k(K::Up)], A::Up, "up", false),
    bind!(CutoutList, [c(' ')], A::Mark, "pick / unpick", true),
    bind!(CutoutList, [c('a')], A::MarkAll, "all / none", false),
    bind!(Cutout, [k(K::Tab)], A::NextField, "next field", true),
    bind!(
        Cutout,
        [k(K::BackTab), shift(K::Tab)],
        A::PrevField,
        "previous field",
        false
    ),
    bind!(
        Cutout,
        [k(K::Enter)],
        A::Accept,
        "queue in the basket",
        true
    ),
    bind!(Cutout, [k(K::Esc)], A::Back, "close", true),
    bind!(
        Settings,
        [k(K::Tab), k(K::Down)],
        A::NextField,
        "next setting",
        true
    ),
    bind!(
        Settings,
        [k(K::BackTab), k(K::Up)],
        A::PrevField,
        "previous setting",
        false
    ),
    bind!(
        SettingsChoice,
        [k(K::Right), c(' ')],
        A::Right,
        "change",
        true
    ),
    bind!(SettingsChoice, [k(K::Left)], A::Left, "change back", false),
    bind!(Settings, [k(K::Enter)], A::Accept, "apply", true),
    bind!(Settings, [k(K::Esc)], A::Back, "cancel", true),
    bind!(CommandLine, [k(K::Enter)], A::Accept, "run", true),
    bind!(CommandLine, [k(K::Tab)], A::NextField, "complete", true),
    bind!(CommandLine, [k(K::Up)], A::Up, "earlier command", true),
    bind!(CommandLine, [k(K::Down)], A::Down, "later command", false),
    bind!(CommandLine, [k(K::Esc)], A::Back, "close", true),
];

/// The help overlay's sections, in order.
pub const HELP_ORDER: [Context; 31] = [
    Context::Global,
    Context::Always,
    Context::FormEdit,
    Context::Collection,
    Context::SourcePick,
    Context::FormBrowse,
    Context::HistoryWalk,
    Context::History,
    Context::SaveName,
    Context::Move,
    Context::Grid,
    Context::Filter,
    Context::Results,
    Context::Products,
    Context::Catalog,
    Context::Mission,
    Context::Facets,
    Context::Detail,
    Context::Sky,
    Context::Cutout,
    Context::CutoutService,
    Context::CutoutList,
    Context::Basket,
    Context::Columns,
    Context::Help,
    Context::Confirm,
    Context::Login,
    Context::LoginKeep,
    Context::Settings,
    Context::SettingsChoice,
    Context::CommandLine,
];
