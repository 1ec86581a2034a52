//! Key remaps from the config file's `[keys]` table (or `MASTUI_KEYS`): the live key table
//! is the built-in one with each remapped action's keys replaced, so lookups, the hint bar
//! and the help overlay all show the keys that really work.
use std::borrow::Cow;
use std::sync::Arc;

use super::key::Key;
use super::keymap::{Action, BINDINGS, Binding, Context};

/// One action given new keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    pub action: Action,
    pub keys: Vec<Key>,
}

/// The key table in force: the built-in bindings and the person's remaps.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    remaps: Arc<Vec<Remap>>,
}

/// Contexts where keys are typed into a field: a plain character there is text, not a key.
const TYPING: [Context; 4] = [
    Context::FormEdit,
    Context::Collection,
    Context::Filter,
    Context::Login,
];

/// An action's name as written in `[keys]`: the variant in snake case (`to_basket`,
/// `go_pane_3`).
pub fn action_name(action: Action) -> String {
    let debug = format!("{action:?}");
    let mut out = String::new();
    for (i, ch) in debug.chars().enumerate() {
        match ch {
            '(' => out.push('_'),
            ')' => {}
            c if c.is_ascii_uppercase() => {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// Every action that has a key, by name, in the table's order.
pub fn action_names() -> Vec<(String, Action)> {
    let mut out: Vec<(String, Action)> = Vec::new();
    for b in BINDINGS {
        if b.action != Action::ForceQuit && !out.iter().any(|(_, a)| *a == b.action) {
            out.push((action_name(b.action), b.action));
        }
    }
    out
}

/// One remap as written: `sort` and `o` (or `o,O` for several keys).
pub fn parse_remap(name: &str, keys: &str) -> Result<Remap, String> {
    let name = name.trim();
    let names = action_names();
    let Some((_, action)) = names.iter().find(|(n, _)| n == name) else {
        let known: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        let near = known
            .iter()
            .map(|n| (strsim::levenshtein(n, name), *n))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, n)| format!(" (did you mean {n}?)"))
            .unwrap_or_default();
        return Err(format!(
            "'{name}' is not an action{near}; actions: {}",
            known.join(", ")
        ));
    };
    // `,` alone is the comma key; otherwise commas separate keys.
    let parts: Vec<&str> = if keys.trim() == "," {
        vec![","]
    } else {
        keys.split(',').collect()
    };
    let keys = parts
        .into_iter()
        .map(Key::parse)
        .collect::<Result<Vec<Key>, String>>()?;
    let typed_in = BINDINGS
        .iter()
        .any(|b| b.action == *action && TYPING.contains(&b.context));
    if let Some(k) = keys.iter().find(|k| k.is_plain_char()).filter(|_| typed_in) {
        return Err(format!(
            "{name} also works while typing in a field, where '{}' is text; give it a \
             Ctrl- key, a function key or a named key (Enter, Esc, F2...)",
            k.label()
        ));
    }
    Ok(Remap {
        action: *action,
        keys,
    })
}

/// `MASTUI_KEYS`: remaps separated by spaces, each `action=key[,key]`.
pub fn parse_remaps(text: &str) -> Result<Vec<Remap>, String> {
    text.split_whitespace()
        .map(|entry| {
            let (name, keys) = entry.split_once('=').ok_or_else(|| {
                format!("'{entry}' is not action=key (for example sort=o or quit=Ctrl-Q)")
            })?;
            parse_remap(name, keys)
        })
        .collect()
}

impl Keymap {
    pub fn new(remaps: Vec<Remap>) -> Keymap {
        Keymap {
            remaps: Arc::new(remaps),
        }
    }

    /// The keys that trigger `b` now: its remap's, or its own less those a remap in the same
    /// context has taken for another action.
    pub fn keys_of<'a>(&'a self, b: &'a Binding) -> Cow<'a, [Key]> {
        if let Some(r) = self.remaps.iter().find(|r| r.action == b.action) {
            return Cow::Borrowed(&r.keys);
        }
        let taken = |k: &Key| {
            self.remaps.iter().any(|r| {
                r.keys.iter().any(|t| t.matches(k))
                    && BINDINGS
                        .iter()
                        .any(|o| o.action == r.action && o.context == b.context)
            })
        };
        if b.keys.iter().any(taken) {
            Cow::Owned(b.keys.iter().copied().filter(|k| !taken(k)).collect())
        } else {
            Cow::Borrowed(b.keys)
        }
    }

    /// The action bound to `key` in the first of `contexts` that binds it.
    pub fn lookup(&self, contexts: &[Context], key: &Key) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            BINDINGS
                .iter()
                .filter(|b| b.context == *ctx)
                .find(|b| self.keys_of(b).iter().any(|k| k.matches(key)))
                .map(|b| b.action)
        })
    }

    /// Hint bar entries, as `keymap::hints` but with the keys in force.
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        super::keymap::hints_with(contexts, |b| self.keys_of(b).into_owned())
    }

    /// One context's keys as a line, as `keymap::key_line` with the keys in force.
    pub fn key_line(&self, ctx: Context) -> String {
        super::keymap::key_line_with(ctx, |b| self.keys_of(b).into_owned())
    }

    /// Help sections, as `keymap::help_sections` with the keys in force.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        super::keymap::help_sections_with(|b| self.keys_of(b).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::KeyCode;

    #[test]
    fn names_are_the_variants_in_snake_case() {
        assert_eq!(action_name(Action::ToBasket), "to_basket");
        assert_eq!(action_name(Action::GoPane(3)), "go_pane_3");
        assert_eq!(action_name(Action::Quit), "quit");
        assert!(action_names().iter().any(|(n, _)| n == "sort"));
    }

    #[test]
    fn a_remap_moves_the_action_and_frees_nothing_else() {
        let map = Keymap::new(parse_remaps("sort=o quit=Ctrl-Q").unwrap());
        let grid = [Context::Grid, Context::Move, Context::Global];
        assert_eq!(map.lookup(&grid, &Key::ch('o')), Some(Action::Sort));
        assert_eq!(map.lookup(&grid, &Key::ch('s')), None);
        assert_eq!(map.lookup(&grid, &Key::ctrl('q')), Some(Action::Quit));
        assert_eq!(map.lookup(&grid, &Key::ch('q')), None);
        assert_eq!(map.lookup(&grid, &Key::ch('/')), Some(Action::Filter));
        let help: Vec<_> = map.help_sections().into_iter().flat_map(|s| s.1).collect();
        assert!(help.iter().any(|(k, w)| k == "o" && w.contains("sort")));
    }

    #[test]
    fn a_taken_key_leaves_the_action_it_had() {
        // `f` filters nothing by default in grids; give Filter `x`, then take `/` for sort.
        let map = Keymap::new(parse_remaps("sort=/").unwrap());
        let grid = [Context::Grid, Context::Move, Context::Global];
        assert_eq!(map.lookup(&grid, &Key::ch('/')), Some(Action::Sort));
    }

    #[test]
    fn bad_remaps_say_what_is_accepted() {
        let e = parse_remaps("srot=o").unwrap_err();
        assert!(e.contains("did you mean sort"), "{e}");
        assert!(parse_remaps("sort").unwrap_err().contains("action=key"));
        assert!(
            parse_remaps("sort=Hyper-X")
                .unwrap_err()
                .contains("not a key")
        );
        let e = parse_remaps("accept=a").unwrap_err();
        assert!(e.contains("typing"), "{e}");
        assert_eq!(
            parse_remaps("accept=F2").unwrap()[0].keys,
            vec![Key::new(KeyCode::F(2))]
        );
    }
}
