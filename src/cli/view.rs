//! What the commands print, as serializable views over the library's types, and the labels the
//! text output and the `--json` output share.
//!
//! The views flatten the library's enums into stable strings (`"api-layer"`, `"per-arch"`) and
//! add what a reader of the JSON would otherwise recompute (hex, per-arch minimum lengths, file
//! paths of the sources). The library types themselves are unchanged.

use serde::Serialize;
use wsaioctl::ControlCode;
use wsaioctl::catalog::{self, Buffer, BytesReturned, Entry, Len, ShortOutput, Support};
use wsaioctl::code::{Fields, IoctlKind};
use wsaioctl::wire::Arch;

/// The short name of a T value, as `--kind` accepts it.
pub fn kind_label(kind: IoctlKind) -> &'static str {
    match kind {
        IoctlKind::Unix => "unix",
        IoctlKind::Winsock2 => "ws2",
        IoctlKind::Protocol => "protocol",
        IoctlKind::Vendor => "vendor",
    }
}

/// What a T value means (spec/003, "T is a two-bit quantity that defines the type of IOCTL").
pub fn kind_meaning(kind: IoctlKind) -> &'static str {
    match kind {
        IoctlKind::Unix => "a standard UNIX ioctl code, as with FIONREAD and FIONBIO",
        IoctlKind::Winsock2 => "a generic Windows Sockets 2 ioctl code",
        IoctlKind::Protocol => "applies only to a specific address family",
        IoctlKind::Vendor => "applies only to a specific vendor's provider",
    }
}

/// What the 11-bit vendor / address family field holds for a T value (spec/003, "Vendor/Address
/// family is an 11-bit quantity…").
pub fn family_meaning(kind: IoctlKind) -> &'static str {
    match kind {
        IoctlKind::Unix => "the same value as the code on UNIX",
        IoctlKind::Winsock2 => "an extension of the code",
        IoctlKind::Protocol => "the address family the code applies to",
        IoctlKind::Vendor => "the vendor who owns the code",
    }
}

/// The short name of a support level, as `--support` accepts it.
pub fn support_label(support: Support) -> &'static str {
    match support {
        Support::Supported => "supported",
        Support::Unsupported => "unsupported",
        Support::ApiLayer => "api-layer",
        Support::OtherProvider => "other",
        Support::Unrecorded => "unrecorded",
    }
}

/// A sentence for a support level.
pub fn support_meaning(support: Support) -> &'static str {
    match support {
        Support::Supported => "implemented by the TCP/IP provider",
        Support::Unsupported => "answered as not supported by the TCP/IP provider",
        Support::ApiLayer => "handled by ws2_32 or mswsock above the provider",
        Support::OtherProvider => "only on another platform or provider",
        Support::Unrecorded => {
            "no source records the TCP/IP provider's answer (answered as unknown)"
        }
    }
}

/// The short name of what `*lpcbBytesReturned` becomes.
pub fn bytes_returned_label(b: BytesReturned) -> &'static str {
    match b {
        BytesReturned::Untouched => "untouched",
        BytesReturned::Zero => "zero",
        BytesReturned::Required => "required",
    }
}

/// `I`, `O`, `V` as three characters, `-` for a clear bit (`IO-`).
pub fn iov(f: Fields) -> String {
    [(f.input, 'I'), (f.output, 'O'), (f.void, 'V')]
        .iter()
        .map(|&(set, c)| if set { c } else { '-' })
        .collect()
}

/// The Windows release without its leading "Windows " (`"Vista"`, `"10 1607"`), for the table.
pub fn windows_short(v: catalog::WindowsVersion) -> &'static str {
    let label = v.label();
    label.strip_prefix("Windows ").unwrap_or(label)
}

/// A length rule in words, per pointer width where the widths differ.
pub fn len_text(len: Len) -> String {
    match len {
        Len::None => "not used".to_string(),
        Len::Fixed(n) => format!("{n} bytes on x86 and x64"),
        Len::PerArch { x86, x64 } => format!("{x86} bytes on x86, {x64} bytes on x64"),
        Len::Min(n) => format!("at least {n} bytes on x86 and x64"),
        Len::MinPerArch { x86, x64 } => format!("at least {x86} bytes on x86, {x64} bytes on x64"),
        Len::Variable => "variable (decided by the provider)".to_string(),
    }
}

/// A buffer contract in words: `u_long, 4 bytes on x86 and x64` or `none`.
pub fn buffer_text(b: &Buffer) -> String {
    if !b.is_used() {
        return "none".to_string();
    }
    let mut s = String::new();
    if !b.c_type.is_empty() {
        s.push_str(b.c_type);
        s.push_str(", ");
    }
    s.push_str(&len_text(b.len));
    if b.optional {
        s.push_str(", optional");
    }
    s
}

/// A buffer contract as one table cell without spaces: `u_long:4`, `SOCKET:4/8`,
/// `SOCKADDR:>=16`, `QOS:var?` (`?` = optional), `-` for none.
pub fn buffer_cell(b: &Buffer) -> String {
    let len = match b.len {
        Len::None => return "-".to_string(),
        Len::Fixed(n) => n.to_string(),
        Len::PerArch { x86, x64 } => format!("{x86}/{x64}"),
        Len::Min(n) => format!(">={n}"),
        Len::MinPerArch { x86, x64 } => format!(">={x86}/{x64}"),
        Len::Variable => "var".to_string(),
    };
    let ty = b.c_type.replace(' ', "");
    let opt = if b.optional { "?" } else { "" };
    if ty.is_empty() {
        format!("{len}{opt}")
    } else {
        format!("{ty}:{len}{opt}")
    }
}

/// `0x98000004`.
pub fn hex(c: ControlCode) -> String {
    format!("{:#010x}", c.raw())
}

/// The T field in the JSON view.
#[derive(Debug, Serialize)]
pub struct KindView {
    /// The 2-bit value.
    pub t: u32,
    /// `unix`, `ws2`, `protocol`, `vendor`.
    pub label: &'static str,
    /// `IOC_UNIX`, …
    pub sdk_name: &'static str,
    /// What the value means.
    pub meaning: &'static str,
    /// What the vendor/family field holds for this T.
    pub family_meaning: &'static str,
}

impl KindView {
    fn of(kind: IoctlKind) -> Self {
        Self {
            t: kind.bits(),
            label: kind_label(kind),
            sdk_name: kind.sdk_name(),
            meaning: kind_meaning(kind),
            family_meaning: family_meaning(kind),
        }
    }
}

/// The BSD reading of a T = 0 code in the JSON view.
#[derive(Debug, Serialize)]
pub struct BsdView {
    /// Parameter size in bytes, bits 22–16.
    pub param_len: u8,
    /// Group character code, bits 15–8.
    pub group: u8,
    /// The group as a character when printable.
    pub group_char: Option<String>,
    /// Number, bits 7–0.
    pub number: u8,
    /// True when `_IO`/`_IOR`/`_IOW` can build the value exactly (bits 23–28 clear).
    pub bsd_shaped: bool,
}

/// The group byte as `'f'`, or `0x01` when not printable.
pub fn group_text(group: u8) -> String {
    if group.is_ascii_graphic() {
        format!("'{}'", group as char)
    } else {
        format!("{group:#04x}")
    }
}

/// Everything the value itself says, without the catalog rows.
#[derive(Debug, Serialize)]
pub struct CodeView {
    /// The value.
    pub value: u32,
    /// The value in hex, `0x98000004`.
    pub hex: String,
    /// The canonical names of the catalog rows with this value, in name order.
    pub names: Vec<&'static str>,
    /// True when at least one catalog row has this value.
    pub in_catalog: bool,
    /// The Winsock 2 fields, as `ControlCode::fields` returns them.
    pub fields: Fields,
    /// The T field explained.
    pub kind: KindView,
    /// The BSD reading, for T = 0 only.
    pub bsd: Option<BsdView>,
    /// The SDK macro expression that rebuilds the value.
    pub macro_form: String,
}

impl CodeView {
    /// The view of `code`.
    pub fn of(code: ControlCode) -> Self {
        let names = code.names();
        let bsd = (code.kind() == IoctlKind::Unix).then(|| {
            let b = code.bsd();
            BsdView {
                param_len: b.param_len,
                group: b.group,
                group_char: b
                    .group
                    .is_ascii_graphic()
                    .then(|| (b.group as char).to_string()),
                number: b.number,
                bsd_shaped: code.is_bsd_shaped(),
            }
        });
        Self {
            value: code.raw(),
            hex: hex(code),
            in_catalog: !names.is_empty(),
            names,
            fields: code.fields(),
            kind: KindView::of(code.kind()),
            bsd,
            macro_form: code.macro_form(),
        }
    }
}

/// A length rule in the JSON view.
#[derive(Debug, Serialize)]
pub struct LenView {
    /// `none`, `fixed`, `per-arch`, `min` or `variable`.
    pub rule: &'static str,
    /// The (minimum) length on x86, `null` for `none` and `variable`.
    pub x86: Option<u32>,
    /// The (minimum) length on x64, `null` for `none` and `variable`.
    pub x64: Option<u32>,
    /// The rule in words.
    pub text: String,
}

impl LenView {
    fn of(len: Len) -> Self {
        let rule = match len {
            Len::None => "none",
            Len::Fixed(_) => "fixed",
            Len::PerArch { .. } => "per-arch",
            Len::Min(_) => "min",
            Len::MinPerArch { .. } => "min-per-arch",
            Len::Variable => "variable",
        };
        let sized = !matches!(len, Len::None | Len::Variable);
        Self {
            rule,
            x86: sized.then(|| len.min_for(Arch::X86)),
            x64: sized.then(|| len.min_for(Arch::X64)),
            text: len_text(len),
        }
    }
}

/// A buffer contract in the JSON view.
#[derive(Debug, Serialize)]
pub struct BufferView {
    /// True when the code uses the buffer.
    pub used: bool,
    /// The C type, or `""`.
    pub c_type: &'static str,
    /// The buffer may be NULL / empty.
    pub optional: bool,
    /// The length rule.
    pub len: LenView,
}

impl BufferView {
    fn of(b: &Buffer) -> Self {
        Self {
            used: b.is_used(),
            c_type: b.c_type,
            optional: b.optional,
            len: LenView::of(b.len),
        }
    }
}

/// The short-output rule in the JSON view.
#[derive(Debug, Serialize)]
pub struct ShortOutputView {
    /// The Winsock error (`{"name": "WSAEFAULT", "code": 10014}`).
    pub error: wsaioctl::WsaError,
    /// What `*lpcbBytesReturned` becomes: `untouched`, `zero` or `required`.
    pub bytes_returned: &'static str,
}

impl ShortOutputView {
    fn of(s: &ShortOutput) -> Self {
        Self {
            error: s.error,
            bytes_returned: bytes_returned_label(s.bytes_returned),
        }
    }
}

/// One source in the JSON view.
#[derive(Debug, Serialize)]
pub struct SourceView {
    /// `000` … `004`, `observed`, `sdk`.
    pub label: &'static str,
    /// The file under `spec/`, or `Windows SDK headers`.
    pub file: &'static str,
}

/// One document's opcode setting in the JSON view.
#[derive(Debug, Serialize)]
pub struct OpcodeSettingView {
    /// The document's label.
    pub source: &'static str,
    /// The setting as the document writes it.
    pub setting: &'static str,
}

/// One catalog row in the JSON view (`decode --json` entries, `list --json` rows).
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// Canonical SDK name.
    pub name: &'static str,
    /// Other spellings.
    pub aliases: &'static [&'static str],
    /// The value.
    pub value: u32,
    /// The value in hex.
    pub hex: String,
    /// The Winsock 2 fields of the value.
    pub fields: Fields,
    /// `unix`, `ws2`, `protocol`, `vendor`.
    pub kind: &'static str,
    /// I/O/V as `IO-`.
    pub iov: String,
    /// The header that defines the code.
    pub header: &'static str,
    /// The SDK definition as written in the header.
    pub definition: &'static str,
    /// The macro form the value decodes to.
    pub macro_form: String,
    /// Each document's opcode setting.
    pub opcode_settings: Vec<OpcodeSettingView>,
    /// The real input contract.
    pub input: BufferView,
    /// The real output contract.
    pub output: BufferView,
    /// What a short or NULL output buffer does.
    pub short_output: Option<ShortOutputView>,
    /// Listed among the codes especially likely to block.
    pub blocking_prone: bool,
    /// The first Windows release with the code.
    pub first_windows: &'static str,
    /// Supported by a SAN service provider.
    pub san: bool,
    /// `supported`, `unsupported`, `api-layer` or `other`.
    pub support: &'static str,
    /// The sources that describe the code.
    pub sources: Vec<SourceView>,
    /// One-line summary.
    pub summary: &'static str,
}

impl EntryView {
    /// The view of `e`.
    pub fn of(e: &Entry) -> Self {
        Self {
            name: e.name,
            aliases: e.aliases,
            value: e.code.raw(),
            hex: hex(e.code),
            fields: e.code.fields(),
            kind: kind_label(e.code.kind()),
            iov: iov(e.code.fields()),
            header: e.header,
            definition: e.definition,
            macro_form: e.code.macro_form(),
            opcode_settings: e
                .opcode_settings
                .iter()
                .map(|&(s, setting)| OpcodeSettingView {
                    source: s.label(),
                    setting,
                })
                .collect(),
            input: BufferView::of(&e.input),
            output: BufferView::of(&e.output),
            short_output: e.short_output.as_ref().map(ShortOutputView::of),
            blocking_prone: e.blocking_prone,
            first_windows: e.first_windows.label(),
            san: e.san,
            support: support_label(e.support),
            sources: e
                .sources
                .iter()
                .map(|s| SourceView {
                    label: s.label(),
                    file: s.file(),
                })
                .collect(),
            summary: e.summary,
        }
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing these views cannot fail: only strings, numbers, booleans, sequences, maps with
    // string keys.
    let mut s = serde_json::to_string_pretty(value).expect("the CLI views serialize to JSON");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iov_marks_each_bit() {
        let f = ControlCode(0xc800_0006).fields();
        assert_eq!(iov(f), "IO-");
        assert_eq!(iov(ControlCode(0x2800_0017).fields()), "--V");
        assert_eq!(iov(ControlCode(0).fields()), "---");
    }

    #[test]
    fn buffer_cells_have_no_spaces() {
        let cases = [
            (Buffer::NONE, "-"),
            (Buffer::of("u_long", Len::Fixed(4)), "u_long:4"),
            (
                Buffer::optional("void *", Len::PerArch { x86: 4, x64: 8 }),
                "void*:4/8?",
            ),
            (Buffer::of("SOCKADDR", Len::Min(16)), "SOCKADDR:>=16"),
            (Buffer::of("", Len::Variable), "var"),
        ];
        for (b, cell) in cases {
            assert_eq!(buffer_cell(&b), cell);
        }
    }

    #[test]
    fn len_views_give_both_widths() {
        let v = LenView::of(Len::PerArch { x86: 4, x64: 8 });
        assert_eq!((v.rule, v.x86, v.x64), ("per-arch", Some(4), Some(8)));
        let v = LenView::of(Len::Variable);
        assert_eq!((v.rule, v.x86, v.x64), ("variable", None, None));
    }

    #[test]
    fn windows_short_drops_the_prefix() {
        assert_eq!(windows_short(catalog::WindowsVersion::Vista), "Vista");
        assert_eq!(
            windows_short(catalog::WindowsVersion::Win10_1607),
            "10 1607"
        );
    }
}
