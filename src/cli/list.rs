//! `wsaioctl list` — the catalog as a table, filtered.

use std::fmt::Write as _;

use wsaioctl::UsageError;
use wsaioctl::catalog::{self, Entry, Source, Support};
use wsaioctl::code::IoctlKind;

use super::view::{self, EntryView};

/// The filters of `list`; every one that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `--kind`.
    pub kind: Option<IoctlKind>,
    /// `--source`.
    pub source: Option<Source>,
    /// `--san`.
    pub san: bool,
    /// `--support`.
    pub support: Option<Support>,
    /// `--name`: a case-insensitive substring of the name or an alias.
    pub name: Option<String>,
    /// `--blocking`.
    pub blocking: bool,
}

impl Filter {
    /// True when `e` passes every filter that is set.
    pub fn keeps(&self, e: &Entry) -> bool {
        self.kind.is_none_or(|k| e.code.kind() == k)
            && self.source.is_none_or(|s| e.sources.contains(&s))
            && (!self.san || e.san)
            && self.support.is_none_or(|s| e.support == s)
            && self.name.as_deref().is_none_or(|n| {
                let n = n.to_ascii_lowercase();
                e.all_names()
                    .any(|name| name.to_ascii_lowercase().contains(&n))
            })
            && (!self.blocking || e.blocking_prone)
    }

    /// True when no filter is set.
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The table's columns.
const HEADER: [&str; 10] = [
    "VALUE", "NAME", "KIND", "IOV", "INPUT", "OUTPUT", "WINDOWS", "SAN", "SUPPORT", "SOURCES",
];

/// One table row.
fn cells(e: &Entry) -> [String; 10] {
    let sources: Vec<&str> = e.sources.iter().map(|s| s.label()).collect();
    [
        view::hex(e.code),
        e.name.to_string(),
        view::kind_label(e.code.kind()).to_string(),
        view::iov(e.code.fields()),
        view::buffer_cell(&e.input),
        view::buffer_cell(&e.output),
        view::windows_short(e.first_windows).to_string(),
        if e.san { "yes" } else { "no" }.to_string(),
        view::support_label(e.support).to_string(),
        if sources.is_empty() {
            "-".to_string()
        } else {
            sources.join(",")
        },
    ]
}

/// Runs `list`: the table (or JSON array) of the rows `filter` keeps, in catalog order.
pub fn run(filter: &Filter, json: bool) -> Result<String, UsageError> {
    let rows: Vec<&Entry> = catalog::ENTRIES
        .iter()
        .filter(|e| filter.keeps(e))
        .collect();
    if json {
        let views: Vec<EntryView> = rows.iter().map(|e| EntryView::of(e)).collect();
        return Ok(view::to_json(&views));
    }
    let table: Vec<[String; 10]> = rows.iter().map(|e| cells(e)).collect();
    let mut width = HEADER.map(str::len);
    for row in &table {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push_row = |row: &[&str]| {
        let mut s = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                s.push_str(cell);
            } else {
                let _ = write!(s, "{cell:<w$}  ", w = width[i]);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    push_row(&HEADER);
    for row in &table {
        push_row(&row.each_ref().map(String::as_str));
    }
    let total = catalog::ENTRIES.len();
    let n = rows.len();
    let noun = if n == 1 { "code" } else { "codes" };
    if filter.is_empty() {
        let _ = writeln!(out, "{n} {noun}");
    } else {
        let _ = writeln!(out, "{n} {noun} (of {total} in the catalog)");
    }
    Ok(out)
}
