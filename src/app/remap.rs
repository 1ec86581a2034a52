//! The key table in force: the built-in bindings (`keymap`) with the config's remaps
//! (`[keys]`, `MASTUI_KEYS`) applied once, at start. Lookups, the hint bar and the help
//! overlay all read it, so they show the keys that really work.
use std::sync::Arc;

use super::key::Key;
use super::keymap::{Action, BINDINGS, Context, HELP_ORDER};
use crate::common::near::closest;

/// One action given new keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    pub action: Action,
    pub keys: Vec<Key>,
}

/// The key table in force: for each binding of `BINDINGS` (by index), its keys now.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: Arc<Vec<Vec<Key>>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(Vec::new())
    }
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
        let near = closest(name, known.iter().copied())
            .map(|n| format!(" (did you mean {n}?)"))
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
    /// The built-in table with `remaps` applied: a remapped action has its new keys wherever
    /// it is bound; another binding loses a key that a remap in the same context took.
    pub fn new(remaps: Vec<Remap>) -> Keymap {
        let keys = BINDINGS
            .iter()
            .map(|b| {
                if let Some(r) = remaps.iter().find(|r| r.action == b.action) {
                    return r.keys.clone();
                }
                let taken = |k: &Key| {
                    remaps.iter().any(|r| {
                        r.keys.iter().any(|t| t.matches(k))
                            && BINDINGS
                                .iter()
                                .any(|o| o.action == r.action && o.context == b.context)
                    })
                };
                b.keys.iter().copied().filter(|k| !taken(k)).collect()
            })
            .collect();
        Keymap {
            keys: Arc::new(keys),
        }
    }

    /// The bindings of one context with their keys now, in the table's order.
    fn bound(
        &self,
        ctx: Context,
    ) -> impl Iterator<Item = (&'static Action, &[Key], &'static str, bool)> {
        BINDINGS
            .iter()
            .zip(self.keys.iter())
            .filter(move |(b, _)| b.context == ctx)
            .map(|(b, k)| (&b.action, k.as_slice(), b.help, b.hint))
    }

    /// The action bound to `key` in the first of `contexts` that binds it.
    pub fn lookup(&self, contexts: &[Context], key: &Key) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bound(*ctx)
                .find(|(_, keys, ..)| keys.iter().any(|k| k.matches(key)))
                .map(|(a, ..)| *a)
        })
    }

    /// Hint bar entries (`key`, `what`) for these contexts (most specific first), the
    /// general ones (help, quit) first so that they survive a narrow terminal. A key bound
    /// in a more specific context hides the general binding of the same key.
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut taken: Vec<Key> = Vec::new();
        let mut out: Vec<Vec<(String, &'static str)>> = Vec::new();
        for ctx in contexts {
            let mut lines = Vec::new();
            for (_, keys, help, hint) in self.bound(*ctx) {
                let Some(first) = keys.first() else { continue };
                // The key shown is bound by a more specific context: that binding is live.
                let shadowed = taken.iter().any(|t| t.matches(first));
                if hint && !shadowed {
                    lines.push((first.label(), help));
                }
            }
            taken.extend(
                self.bound(*ctx)
                    .flat_map(|(_, keys, ..)| keys.iter().copied()),
            );
            out.push(lines);
        }
        // `?` leads (it shows everything else), then the most specific context's keys (a
        // pane's own, as `p products`, are the ones to discover), then the rest from the
        // most general (`Tab`, `q`) inwards.
        let help = out.iter().flatten().find(|(k, _)| k == "?").cloned();
        let mut groups = out.into_iter();
        let first = groups.next().unwrap_or_default();
        help.into_iter()
            .chain(
                first
                    .into_iter()
                    .chain(groups.rev().flatten())
                    .filter(|(k, _)| k != "?"),
            )
            .collect()
    }

    /// The keys and what they do in one context, as one line (`Enter: check   Esc:
    /// cancel`), for prompts that list their keys inside themselves.
    pub fn key_line(&self, ctx: Context) -> String {
        self.bound(ctx)
            .map(|(_, keys, help, _)| {
                let keys: Vec<String> = keys.iter().map(Key::label).collect();
                format!("{}: {help}", keys.join(" / "))
            })
            .collect::<Vec<_>>()
            .join("   ")
    }

    /// Help overlay sections: a title and its (`keys`, `what`) lines, for every context; an
    /// action whose keys were all taken by remaps is listed as unbound rather than hidden.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let mut out: Vec<(&'static str, Vec<(String, &'static str)>)> = Vec::new();
        for ctx in HELP_ORDER {
            let lines: Vec<(String, &'static str)> = self
                .bound(ctx)
                .map(|(_, keys, help, _)| {
                    let keys: Vec<String> = keys.iter().map(Key::label).collect();
                    match keys.is_empty() {
                        true => ("(unbound)".to_string(), help),
                        false => (keys.join(" "), help),
                    }
                })
                .collect();
            match out.last_mut() {
                Some((title, l)) if *title == ctx.title() => l.extend(lines),
                _ => out.push((ctx.title(), lines)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::KeyCode;

    fn c(ch: char) -> Key {
        Key::ch(ch)
    }

    #[test]
    fn typing_contexts_do_not_bind_plain_q() {
        let map = Keymap::default();
        assert_eq!(
            map.lookup(&[Context::FormEdit, Context::Always], &c('q')),
            None
        );
        assert_eq!(
            map.lookup(&[Context::Grid, Context::Global], &c('q')),
            Some(Action::Quit)
        );
        assert_eq!(
            map.lookup(&[Context::FormEdit, Context::Always], &Key::ctrl('c')),
            Some(Action::ForceQuit)
        );
    }

    #[test]
    fn products_keys_shadow_the_grid_keys_in_the_hints() {
        let h = Keymap::default().hints(&[
            Context::Products,
            Context::Grid,
            Context::Move,
            Context::Global,
        ]);
        let slash: Vec<_> = h.iter().filter(|(k, _)| k == "/").collect();
        assert_eq!(slash.len(), 1);
        assert!(slash[0].1.starts_with("file-name filter"));
        // Help first, then the pane's own keys, then the general ones.
        assert_eq!(h[0].0, "?");
        assert_eq!(h[1].0, "/");
        assert!(h.iter().position(|(k, _)| k == "Tab") > h.iter().position(|(k, _)| k == "b"));
    }

    #[test]
    fn help_lists_every_binding() {
        let n: usize = Keymap::default()
            .help_sections()
            .iter()
            .map(|(_, l)| l.len())
            .sum();
        assert_eq!(n, BINDINGS.len());
    }

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
