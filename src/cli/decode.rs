//! `wsaioctl decode <value|name>` — every field of a value and every catalog row that has it.

use std::fmt::Write as _;

use serde::Serialize;
use wsaioctl::catalog::{self, BytesReturned, Entry};
use wsaioctl::code::IoctlKind;
use wsaioctl::{ControlCode, UsageError};

use super::args::{is_identifier, parse_number};
use super::view::{self, CodeView, EntryView};

/// Width of the label column of the text output.
const LABEL: usize = 17;

/// The value `text` names: a catalog name or alias (case-insensitive) when it is an identifier,
/// else a number (decimal or `0x…` hex).
pub fn resolve(text: &str) -> Result<ControlCode, UsageError> {
    if is_identifier(text) {
        return catalog::by_name(text)
            .map(|e| e.code)
            .ok_or_else(|| UsageError::UnknownName(text.to_string()));
    }
    parse_number(text, "control code", u32::MAX)
        .map(ControlCode)
        .map_err(|e| match e {
            UsageError::BadNumber { text, .. } => UsageError::BadNumber {
                text,
                expected: "a value (decimal or 0x… hex) or a catalog name",
            },
            other => other,
        })
}

/// `decode --json`: the value's fields, then every catalog row with the value.
#[derive(Debug, Serialize)]
struct DecodeView {
    #[serde(flatten)]
    code: CodeView,
    entries: Vec<EntryView>,
}

/// Runs `decode`: the text (or JSON) for the value `text` names.
pub fn run(text: &str, json: bool) -> Result<String, UsageError> {
    let code = resolve(text)?;
    let rows: Vec<&Entry> = catalog::lookup(code).collect();
    if json {
        return Ok(view::to_json(&DecodeView {
            code: CodeView::of(code),
            entries: rows.iter().map(|e| EntryView::of(e)).collect(),
        }));
    }
    let mut out = code_text(code);
    for e in rows {
        out.push('\n');
        out.push_str(&entry_text(e));
    }
    Ok(out)
}

/// Appends `label` padded to the label column, then `value`; further lines of `value` are
/// indented to the same column.
pub fn line(out: &mut String, indent: usize, label: &str, value: &str) {
    let mut lines = value.lines();
    let first = lines.next().unwrap_or("");
    let _ = writeln!(out, "{:indent$}{label:<w$}{first}", "", w = LABEL);
    for more in lines {
        let _ = writeln!(out, "{:w$}{more}", "", w = indent + LABEL);
    }
}

/// The catalog's names for `code`, each with its aliases: `SIO_FIND_ROUTE (alias SIO_FINDROUTE)`.
fn names_text(code: ControlCode) -> String {
    let names: Vec<String> = catalog::lookup(code)
        .map(|e| match e.aliases {
            [] => e.name.to_string(),
            [one] => format!("{} (alias {one})", e.name),
            many => format!("{} (aliases {})", e.name, many.join(", ")),
        })
        .collect();
    if names.is_empty() {
        "not in the catalog".to_string()
    } else {
        names.join("\n")
    }
}

/// The lines every value has: value, catalog names, fields, BSD reading (T = 0), macro form.
pub fn code_text(code: ControlCode) -> String {
    let f = code.fields();
    let mut out = String::new();
    line(
        &mut out,
        0,
        "value",
        &format!("{} ({})", view::hex(code), code.raw()),
    );
    line(&mut out, 0, "catalog", &names_text(code));
    for (label, set, sdk, meaning) in [
        ("I (bit 31)", f.input, "IOC_IN", "the input buffer is valid"),
        (
            "O (bit 30)",
            f.output,
            "IOC_OUT",
            "the output buffer is valid",
        ),
        (
            "V (bit 29)",
            f.void,
            "IOC_VOID",
            "the code has no parameters",
        ),
    ] {
        let text = if set {
            format!("1  {sdk} set: {meaning}")
        } else {
            format!("0  {sdk} clear")
        };
        line(&mut out, 0, label, &text);
    }
    line(
        &mut out,
        0,
        "T (bits 28-27)",
        &format!(
            "{}  {} ({}): {}",
            f.kind.bits(),
            view::kind_label(f.kind),
            f.kind.sdk_name(),
            view::kind_meaning(f.kind)
        ),
    );
    line(
        &mut out,
        0,
        "vendor/family",
        &format!(
            "{:#05x} ({}): {}",
            f.family,
            f.family,
            view::family_meaning(f.kind)
        ),
    );
    line(
        &mut out,
        0,
        "code",
        &format!("{:#06x} ({})", f.code, f.code),
    );
    if f.kind == IoctlKind::Unix {
        let b = code.bsd();
        let group = if b.group.is_ascii_graphic() {
            format!("{} ({:#04x})", view::group_text(b.group), b.group)
        } else {
            view::group_text(b.group)
        };
        let mut s = format!(
            "parameter size {} bytes, group {group}, number {}",
            b.param_len, b.number
        );
        if !code.is_bsd_shaped() {
            s.push_str("\n(bits 23-26 are set: no _IO/_IOR/_IOW builds this value)");
        }
        line(&mut out, 0, "BSD reading", &s);
    }
    line(&mut out, 0, "macro form", &code.macro_form());
    out
}

/// One catalog row, indented under its name.
pub fn entry_text(e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", e.name);
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let aliases = if e.aliases.is_empty() {
        "-".to_string()
    } else {
        e.aliases.join(", ")
    };
    line(&mut out, 2, "aliases", &aliases);
    line(&mut out, 2, "header", e.header);
    line(&mut out, 2, "definition", e.definition);
    let settings = if e.opcode_settings.is_empty() {
        "not stated by any document".to_string()
    } else {
        e.opcode_settings
            .iter()
            .map(|(s, setting)| format!("{}: {setting}", s.label()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    line(&mut out, 2, "opcode settings", &settings);
    line(&mut out, 2, "input", &view::buffer_text(&e.input));
    line(&mut out, 2, "output", &view::buffer_text(&e.output));
    let short = match e.short_output {
        None => "no rule".to_string(),
        Some(s) => {
            let name = s
                .error
                .name()
                .map_or_else(|| s.error.0.to_string(), str::to_string);
            let br = match s.bytes_returned {
                BytesReturned::Untouched => "*lpcbBytesReturned left as the caller had it",
                BytesReturned::Zero => "*lpcbBytesReturned set to 0",
                BytesReturned::Required => "*lpcbBytesReturned set to the size needed",
            };
            format!("{name} ({}), {br}", s.error.0)
        }
    };
    line(&mut out, 2, "short output", &short);
    line(&mut out, 2, "blocking-prone", yes_no(e.blocking_prone));
    line(&mut out, 2, "first Windows", e.first_windows.label());
    line(&mut out, 2, "SAN provider", yes_no(e.san));
    line(
        &mut out,
        2,
        "TCP/IP provider",
        &format!(
            "{}: {}",
            view::support_label(e.support),
            view::support_meaning(e.support)
        ),
    );
    let sources: Vec<&str> = e.sources.iter().map(|s| s.file()).collect();
    let sources = if sources.is_empty() {
        "-".to_string()
    } else {
        sources.join("\n")
    };
    line(&mut out, 2, "sources", &sources);
    line(&mut out, 2, "summary", e.summary);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_resolve_without_the_catalog() {
        assert_eq!(resolve("0x98000004"), Ok(ControlCode(0x9800_0004)));
        assert_eq!(resolve("2550136836"), Ok(ControlCode(0x9800_0004)));
    }

    #[test]
    fn unknown_identifiers_are_unknown_names() {
        assert_eq!(
            resolve("SIO_NO_SUCH_CODE"),
            Err(UsageError::UnknownName("SIO_NO_SUCH_CODE".into()))
        );
    }

    #[test]
    fn malformed_numbers_mention_names_too() {
        let Err(UsageError::BadNumber { text, expected }) = resolve("98000004h") else {
            panic!("98000004h is not a number");
        };
        assert_eq!(text, "98000004h");
        assert!(expected.contains("catalog name"));
    }

    #[test]
    fn continuation_lines_align() {
        let mut s = String::new();
        line(&mut s, 2, "sources", "a\nb");
        assert_eq!(s, format!("  {:<17}a\n{:19}b\n", "sources", ""));
    }
}
