//! Small helpers shared by the layers above: the names of editors' temp files, an ordered
//! parallel map, and a memo of values derived from texts (serve's rebuilds reuse what unchanged
//! files gave); in submodules, hex and hashes, fingerprinted names, content types and
//! percent-decoding (one of each, for every command).

pub(crate) mod fingerprint;
pub(crate) mod hex;
pub(crate) mod mime;
mod par;
pub(crate) mod percent;
pub(crate) mod tera_set;

pub(crate) use par::par_map;

use std::collections::HashMap;
use std::hash::Hash;

/// Files editors write next to the one being saved; the build never reads them.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.is_empty()
        || name.ends_with('~') // vim and Emacs backups
        || name.starts_with(".#") // Emacs lock files
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || [".swp", ".swx", ".swo", ".swpx"].iter().any(|s| name.ends_with(s)) // vim swap
        || name.bytes().all(|b| b.is_ascii_digit()) // vim's write probe `4913` (and its successors)
        || name.ends_with(".bck") // Helix backups
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___") // JetBrains safe write
        || name.ends_with(".kate-swp")
        || name.starts_with(".goutputstream-") // GNOME
        || name.ends_with(".crswap") // browsers' File System Access API
        || name.ends_with(".tmp")
}

/// Values derived from texts (or any bytes), each kept while its texts stay the same (compared in full, so a
/// stale value can never be returned).
/// Entries not asked for between two `sweep`s are dropped (files deleted or renamed).
#[derive(Debug)]
pub struct Memo<K, T> {
    /// Key -> (inputs, value, asked for since the last sweep).
    map: HashMap<K, (Vec<Vec<u8>>, T, bool)>,
    /// Whether values are kept at all (a one-shot build has no later build to reuse them, and
    /// keeping them would copy every input).
    keep: bool,
}

impl<K, T> Default for Memo<K, T> {
    fn default() -> Self {
        Memo {
            map: HashMap::new(),
            keep: true,
        }
    }
}

impl<K, T> Memo<K, T> {
    /// A memo that keeps nothing: `get_or_try` always makes the value.
    pub(crate) fn one_shot() -> Self {
        Memo {
            map: HashMap::new(),
            keep: false,
        }
    }

    /// Whether values are kept (not a `one_shot` memo).
    pub(crate) fn keeps(&self) -> bool {
        self.keep
    }

    /// Drop the entries nobody asked for since the last sweep.
    pub(crate) fn sweep(&mut self) {
        self.map.retain(|_, e| std::mem::take(&mut e.2));
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no value is kept.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl<K: Eq + Hash, T: Clone> Memo<K, T> {
    /// The value made from `inputs` under `key`: the kept one when its inputs were the same,
    /// else `make()`, kept when it succeeds.
    pub(crate) fn get_or_try<E>(
        &mut self,
        key: K,
        inputs: &[&[u8]],
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(value) = self.kept(&key, inputs) {
            return Ok(value);
        }
        let value = make()?;
        self.keep_value(key, inputs, &value);
        Ok(value)
    }

    /// `get_or_try` for each `(key, text)` (the text its one input), in order: the values not
    /// kept are made by `make` on all cores.
    pub(crate) fn get_or_try_texts<E: Send>(
        &mut self,
        items: &[(K, String)],
        make: impl Fn(&K, &str) -> Result<T, E> + Sync,
    ) -> Vec<Result<T, E>>
    where
        K: Clone + Sync,
        T: Send,
    {
        let mut out: Vec<Option<Result<T, E>>> = items
            .iter()
            .map(|(key, text)| self.kept(key, &[text.as_bytes()]).map(Ok))
            .collect();
        let missing: Vec<usize> = (0..items.len()).filter(|&i| out[i].is_none()).collect();
        let made = par_map(&missing, |&i| make(&items[i].0, &items[i].1));
        for (i, value) in missing.into_iter().zip(made) {
            if let Ok(value) = &value {
                let (key, text) = &items[i];
                self.keep_value(key.clone(), &[text.as_bytes()], value);
            }
            out[i] = Some(value);
        }
        out.into_iter().flatten().collect()
    }

    /// The kept value under `key` when it was made from the same `inputs` (marked as asked for).
    fn kept(&mut self, key: &K, inputs: &[&[u8]]) -> Option<T> {
        let (kept, value, asked) = self.map.get_mut(key)?;
        let same = kept.len() == inputs.len() && kept.iter().zip(inputs).all(|(a, b)| a == b);
        same.then(|| {
            *asked = true;
            value.clone()
        })
    }

    /// Keep `value` as made from `inputs` under `key` (unless this memo keeps nothing).
    fn keep_value(&mut self, key: K, inputs: &[&[u8]], value: &T) {
        if self.keep {
            let texts = inputs.iter().map(|t| t.to_vec()).collect();
            self.map.insert(key, (texts, value.clone(), true));
        }
    }
}

/// `text` with secrets masked: the user part of URLs (`https://user:token@host`) and the values
/// of secret-looking environment variables (`*_TOKEN`, `*_SECRET*`, `*PASSWORD*`, `*_KEY`).
pub fn redact(text: &str) -> String {
    let mut out = redact_url_userinfo(text);
    for (name, value) in std::env::vars() {
        let n = name.to_ascii_uppercase();
        let secret = n.ends_with("_TOKEN")
            || n.contains("SECRET")
            || n.contains("PASSWORD")
            || n.ends_with("_KEY");
        if secret && value.len() >= 8 && out.contains(&value) {
            out = out.replace(&value, "***");
        }
    }
    out
}

fn redact_url_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c == '/' || c.is_whitespace() || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&tail[at..end]);
            }
            None => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// `text` for a terminal: control characters (ANSI escapes, carriage returns, NUL) and the
/// bidirectional overrides that reorder what a reader sees, as `\u{..}` escapes. Newlines stay
/// when `keep_newlines` (multi-line messages), tabs always.
pub(crate) fn escape_controls(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `print!` that ignores a closed stdout: `kumo-deck … | head -1` must end quietly, as a Unix
/// tool does, never panic (std's `print!` does) and never stop a deploy between two writes.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::write!(::std::io::stdout(), $($t)*);
    }};
}

/// `println!` that ignores a closed stdout (see [`out!`]).
#[macro_export]
macro_rules! outln {
    ($($t:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout(), $($t)*);
    }};
}

/// `eprint!` that ignores a closed stderr (see [`out!`]).
#[macro_export]
macro_rules! eout {
    ($($t:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::write!(::std::io::stderr(), $($t)*);
    }};
}

/// `eprintln!` that ignores a closed stderr (see [`out!`]).
#[macro_export]
macro_rules! eoutln {
    ($($t:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($t)*);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_overrides() {
        assert_eq!(
            escape_controls("a\x1b[31mb\r", false),
            "a\\u{1b}[31mb\\u{d}"
        );
        assert_eq!(escape_controls("x\u{202e}y\n", true), "x\\u{202e}y\n");
        assert_eq!(escape_controls("x\n", false), "x\\u{a}");
        assert_eq!(escape_controls("タブ\tok", false), "タブ\tok");
    }

    #[test]
    fn memo_makes_only_the_texts_it_does_not_keep_in_order() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let made = AtomicUsize::new(0);
        let len = |k: &&str, t: &str| {
            made.fetch_add(1, Ordering::Relaxed);
            match t {
                "bad" => Err(format!("{k} is bad")),
                _ => Ok(t.len()),
            }
        };
        let items = |v: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            v.iter().map(|(k, t)| (*k, t.to_string())).collect()
        };
        let mut m: Memo<&str, usize> = Memo::default();
        let first = items(&[("a", "x"), ("b", "yy"), ("c", "bad"), ("d", "zzz")]);
        let c_bad = Err("c is bad".to_string());
        assert_eq!(
            m.get_or_try_texts(&first, len),
            vec![Ok(1), Ok(2), c_bad.clone(), Ok(3)]
        );
        assert_eq!(made.load(Ordering::Relaxed), 4);
        // `a` and `d` are kept; `b` changed, `c` failed (not kept), `e` is new.
        let second = items(&[
            ("a", "x"),
            ("b", "yyyy"),
            ("c", "bad"),
            ("d", "zzz"),
            ("e", ""),
        ]);
        assert_eq!(
            m.get_or_try_texts(&second, len),
            vec![Ok(1), Ok(4), c_bad, Ok(3), Ok(0)]
        );
        assert_eq!(
            made.load(Ordering::Relaxed),
            7,
            "b, c and e made again, a and d kept"
        );
        let mut once = Memo::one_shot();
        assert_eq!(once.get_or_try_texts(&first[..1], len), vec![Ok(1)]);
        assert!(once.is_empty(), "a one-shot memo keeps nothing");
    }

    #[test]
    fn memo_keeps_values_while_inputs_match_and_sweeps_the_unasked() {
        let mut m: Memo<&str, usize> = Memo::default();
        let mut made = 0;
        let mut get = |m: &mut Memo<&str, usize>, k, t: &str| {
            m.get_or_try(k, &[t.as_bytes()], || -> Result<usize, ()> {
                made += 1;
                Ok(t.len())
            })
            .unwrap()
        };
        assert_eq!(get(&mut m, "a", "xx"), 2);
        assert_eq!(get(&mut m, "a", "xx"), 2);
        assert_eq!(get(&mut m, "b", "yyy"), 3);
        assert_eq!(get(&mut m, "a", "xxxx"), 4, "changed input, made again");
        m.sweep();
        assert_eq!(m.len(), 2);
        get(&mut m, "a", "xxxx");
        m.sweep();
        assert_eq!(m.len(), 1, "`b` was not asked for since the last sweep");
        assert_eq!(made, 3);
        let failed = m.get_or_try("c", &[b"z"], || Err::<usize, &str>("bad"));
        assert_eq!(failed, Err("bad"));
        assert_eq!(m.len(), 1, "failures are not kept");
    }
}
