//! Strict, span-aware reading of TOML tables.
//!
//! The sources are parsed into `toml`'s spanned document tree and read field by
//! field, so that every problem (a missing field, a wrong type, an unknown key)
//! becomes its own diagnostic with a precise location, and all of them are
//! reported together.

use std::cell::RefCell;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, FileRef, Loc, nearest};

/// A table being read; remembers which keys were asked for so that the rest can
/// be reported as unknown.
pub struct Fields<'t, 'i> {
    pub file: FileRef,
    pub table: &'t DeTable<'i>,
    /// Span of the whole table (its header, or the inline table).
    pub span: Range<usize>,
    /// What the table is called in messages, such as "`[document]`".
    pub what: String,
    used: RefCell<Vec<&'static str>>,
    /// Errors about required keys that are absent, held back until
    /// [`Fields::finish`]: when a misspelt key explains one, the user gets a
    /// single "did you mean" instead of two errors about the same line.
    missing: RefCell<Vec<(&'static str, Diagnostic)>>,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub fn new(
        file: FileRef,
        table: &'t DeTable<'i>,
        span: Range<usize>,
        what: impl Into<String>,
    ) -> Self {
        Self {
            file,
            table,
            span,
            what: what.into(),
            used: RefCell::new(vec![]),
            missing: RefCell::new(vec![]),
        }
    }

    pub fn loc(&self) -> Loc {
        (self.file, self.span.clone())
    }

    /// The raw value of `key`, marking the key as known.
    pub fn get(&self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.used.borrow_mut().push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    /// Location of the key itself (for messages about the key, not its value).
    pub fn key_loc(&self, key: &str) -> Loc {
        let span = self
            .table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map_or(self.span.clone(), |(k, _)| k.span());
        (self.file, span)
    }

    pub fn value_loc(&self, value: &Spanned<DeValue<'_>>) -> Loc {
        (self.file, value.span())
    }

    fn wrong_type(
        &self,
        diags: &mut Diagnostics,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) {
        // A version written as a number (`since = 2.0`) is the common case:
        // show the fix with the user's own value.
        let example = match (expected, value.get_ref()) {
            ("a string", DeValue::Integer(i)) => format!("\"{}\"", i.as_str()),
            ("a string", DeValue::Float(f)) => format!("\"{}\"", f.as_str()),
            ("a string", DeValue::Boolean(b)) => format!("\"{b}\""),
            _ => example_for(expected).to_string(),
        };
        diags
            .error(
                self.value_loc(value),
                format!(
                    "`{key}` must be {expected}, not {}",
                    type_name(value.get_ref())
                ),
            )
            .hints
            .push(format!("write `{key} = {example}`"));
    }

    /// Records that the required `key` is absent, reported as `diag` by
    /// [`Fields::finish`] unless a misspelt key explains it.
    pub fn require(&self, key: &'static str, diag: Diagnostic) {
        self.used.borrow_mut().push(key);
        self.missing.borrow_mut().push((key, diag));
    }

    fn missing(&self, key: &'static str, expected: &str) {
        let diag = Diagnostic::error(
            Some(self.loc()),
            format!("{} is missing the field `{key}`", self.what),
        )
        .hint(format!("add `{key} = {}`", example_for(expected)));
        self.require(key, diag);
    }

    /// An optional string field.
    pub fn opt_str(&self, diags: &mut Diagnostics, key: &'static str) -> Option<(String, Loc)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some((s.to_string(), self.value_loc(value))),
            _ => {
                self.wrong_type(diags, key, value, "a string");
                None
            }
        }
    }

    /// A required string field.
    pub fn req_str(&self, diags: &mut Diagnostics, key: &'static str) -> Option<(String, Loc)> {
        if self.get(key).is_none() {
            self.missing(key, "a string");
            return None;
        }
        self.opt_str(diags, key)
    }

    pub fn opt_bool(&self, diags: &mut Diagnostics, key: &'static str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(diags, key, value, "true or false");
                None
            }
        }
    }

    /// An optional whole number from `min` to `max`, with its place.
    pub fn opt_count(
        &self,
        diags: &mut Diagnostics,
        key: &'static str,
        (min, max): (u64, u64),
    ) -> Option<(u64, Loc)> {
        let value = self.get(key)?;
        let Some(int) = value.get_ref().as_integer() else {
            self.wrong_type(diags, key, value, "a whole number");
            return None;
        };
        let parsed = u64::from_str_radix(&int.as_str().replace('_', ""), int.radix()).ok();
        match parsed.filter(|n| (min..=max).contains(n)) {
            Some(n) => Some((n, self.value_loc(value))),
            None => {
                diags
                    .error(
                        self.value_loc(value),
                        format!("`{key}` must be from {min} to {max}"),
                    )
                    .hints
                    .push(format!(
                        "write `{key} = {min}` or another whole number up to {max}"
                    ));
                None
            }
        }
    }

    /// An optional array of strings.
    pub fn opt_str_array(
        &self,
        diags: &mut Diagnostics,
        key: &'static str,
    ) -> Option<Vec<(String, Loc)>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(diags, key, value, "an array of strings");
            return None;
        };
        let mut out = vec![];
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), self.value_loc(item))),
                other => {
                    diags.error(
                        self.value_loc(item),
                        format!(
                            "the items of `{key}` must be strings, not {}",
                            type_name(other)
                        ),
                    );
                }
            }
        }
        Some(out)
    }

    /// An optional array of any items; `expected` names what it must be
    /// ("an array of strings") when it is something else.
    pub fn opt_array(
        &self,
        diags: &mut Diagnostics,
        key: &'static str,
        expected: &str,
    ) -> Option<Vec<&'t Spanned<DeValue<'i>>>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(diags, key, value, expected);
            return None;
        };
        Some(items.iter().collect())
    }

    /// An optional array of tables (`[[key]]` or an array of inline tables).
    pub fn opt_tables(
        &self,
        diags: &mut Diagnostics,
        key: &'static str,
    ) -> Vec<(&'t DeTable<'i>, Range<usize>)> {
        let Some(value) = self.get(key) else {
            return vec![];
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(diags, key, value, "an array of tables");
            return vec![];
        };
        let mut out = vec![];
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                other => {
                    diags.error(
                        self.value_loc(item),
                        format!(
                            "the items of `{key}` must be tables, not {}",
                            type_name(other)
                        ),
                    );
                }
            }
        }
        out
    }

    /// An optional sub-table such as `[labels]`.
    pub fn opt_table(
        &self,
        diags: &mut Diagnostics,
        key: &'static str,
    ) -> Option<(&'t DeTable<'i>, Range<usize>)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some((t, value.span())),
            _ => {
                self.wrong_type(diags, key, value, "a table");
                None
            }
        }
    }

    /// Reports every key that was never asked for, with the nearest known one,
    /// and the required keys that are missing (unless a misspelt key is the
    /// reason: then the "did you mean" says it all).
    pub fn finish(self, diags: &mut Diagnostics) {
        let used = self.used.into_inner();
        let mut missing = self.missing.into_inner();
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if used.contains(&name) {
                continue;
            }
            let mut diag = Diagnostic::error(
                Some((self.file, key.span())),
                format!("unknown key `{name}` in {}", self.what),
            );
            // Prefer a required key that is missing: that is what the typo cost.
            let absent = missing.iter().map(|(k, _)| *k);
            if let Some(near) = nearest(name, absent) {
                missing.retain(|(k, _)| *k != near);
                diag = diag.hint(format!(
                    "did you mean `{near}`? {} needs `{near}`",
                    self.what
                ));
            } else if let Some(near) = nearest(name, used.iter().copied()) {
                diag = diag.hint(format!("did you mean `{near}`?"));
            } else {
                diag = diag.hint(format!("known keys here: {}", quoted_list(&used)));
            }
            diags.push(diag);
        }
        diags.list.extend(missing.into_iter().map(|(_, diag)| diag));
    }
}

fn quoted_list(keys: &[&str]) -> String {
    let mut keys: Vec<&str> = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn example_for(expected: &str) -> &'static str {
    match expected {
        "a string" => "\"…\"",
        "true or false" => "true",
        "an array of strings" => "[\"…\", \"…\"]",
        "an array of tables" => "[{ … }]",
        "a table" => "{ … }",
        _ => "…",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` as a table that requires `title` and knows `subtitle`.
    fn read(text: &str) -> Vec<Diagnostic> {
        let table = DeTable::parse(text).expect("valid TOML");
        let mut diags = Diagnostics::default();
        let fields = Fields::new(0, table.get_ref(), 0..0, "`[document]`");
        fields.req_str(&mut diags, "title");
        fields.opt_str(&mut diags, "subtitle");
        fields.finish(&mut diags);
        diags.list
    }

    fn messages(diags: &[Diagnostic]) -> Vec<String> {
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn a_misspelt_required_key_is_one_error() {
        let diags = read("titel = \"FAQ\"");
        assert_eq!(messages(&diags), ["unknown key `titel` in `[document]`"]);
        assert_eq!(diags[0].at, Some((0, 0..5)));
        assert!(diags[0].hints[0].starts_with("did you mean `title`?"));
    }

    #[test]
    fn a_missing_key_and_an_unrelated_unknown_key_are_two_errors() {
        let diags = read("colour = \"red\"");
        assert_eq!(
            messages(&diags),
            [
                "unknown key `colour` in `[document]`",
                "`[document]` is missing the field `title`"
            ]
        );
        assert!(diags[0].hints[0].starts_with("known keys here:"));
    }

    #[test]
    fn a_misspelt_optional_key_suggests_it() {
        let diags = read("title = \"FAQ\"\nsubtitel = \"x\"");
        assert_eq!(messages(&diags), ["unknown key `subtitel` in `[document]`"]);
        assert_eq!(diags[0].hints, ["did you mean `subtitle`?"]);
    }

    #[test]
    fn a_number_for_a_string_shows_the_fix_with_the_value() {
        let diags = read("title = 2.0");
        assert_eq!(messages(&diags), ["`title` must be a string, not a number"]);
        assert_eq!(diags[0].hints, ["write `title = \"2.0\"`"]);
    }
}
