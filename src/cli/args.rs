//! Argument values: numbers (decimal or `0x…` hex), the T kind, sources and support levels.

use clap::ValueEnum;
use wsaioctl::UsageError;
use wsaioctl::catalog::{Source, Support};
use wsaioctl::code::IoctlKind;
use wsaioctl::emulated::host::Host;

/// Reads a host file (`--host FILE`: the TOML of fixtures/hosts/); errors name the file.
pub fn load_host(path: &std::path::Path) -> Result<Host, UsageError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError::Other(format!("{}: {e}", path.display())))?;
    Host::from_toml_str(&text).map_err(|e| UsageError::Other(format!("{}: {e}", path.display())))
}

/// What a number on the command line looks like, for error messages.
const NUMBER: &str = "a decimal number or 0x… hex";

/// Parses `text` as decimal or `0x…` hex (`_` separators allowed) no larger than `max`.
///
/// Anything else is a [`UsageError::BadNumber`] naming the text; a value above `max` is a
/// [`UsageError::OutOfRange`] naming `field`.
pub fn parse_number(text: &str, field: &'static str, max: u32) -> Result<u32, UsageError> {
    let bad = || UsageError::BadNumber {
        text: text.to_string(),
        expected: NUMBER,
    };
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None => (text, 10),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(bad());
    }
    // Every digit is valid, so the only failure left is overflow: report it as out of range.
    let value = u64::from_str_radix(&digits, radix).map_err(|_| {
        UsageError::Other(format!("{field} = {text} is out of range (at most {max})"))
    })?;
    if value > u64::from(max) {
        return Err(UsageError::OutOfRange {
            field,
            value,
            max: max.into(),
        });
    }
    Ok(value as u32)
}

/// `--family N`: the 11-bit vendor / address family field (bits 26–16).
pub fn parse_family(text: &str) -> Result<u16, UsageError> {
    parse_number(text, "vendor/family", 0x7ff).map(|v| v as u16)
}

/// `--code N`: the 16-bit code field (bits 15–0).
pub fn parse_code(text: &str) -> Result<u16, UsageError> {
    parse_number(text, "code", 0xffff).map(|v| v as u16)
}

/// True for a C identifier (`SIO_KEEPALIVE_VALS`): what a catalog name looks like.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `--kind`: the T field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// T = 0, IOC_UNIX.
    #[value(alias = "0")]
    Unix,
    /// T = 1, IOC_WS2.
    #[value(alias = "1", alias = "winsock2")]
    Ws2,
    /// T = 2, IOC_PROTOCOL.
    #[value(alias = "2")]
    Protocol,
    /// T = 3, IOC_VENDOR.
    #[value(alias = "3")]
    Vendor,
}

impl KindArg {
    /// The library's kind.
    pub fn kind(self) -> IoctlKind {
        match self {
            Self::Unix => IoctlKind::Unix,
            Self::Ws2 => IoctlKind::Winsock2,
            Self::Protocol => IoctlKind::Protocol,
            Self::Vendor => IoctlKind::Vendor,
        }
    }
}

/// `--source`: a source a catalog row cites, by its [`Source::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// spec/000 — WSAIoctl, older Win32 / Windows CE reference.
    #[value(name = "000")]
    Doc000,
    /// spec/001 — WSAIoctl, current reference.
    #[value(name = "001")]
    Doc001,
    /// spec/002 — LPWSPIOCTL, rendered page.
    #[value(name = "002")]
    Doc002,
    /// spec/003 — LPWSPIOCTL, markdown source.
    #[value(name = "003")]
    Doc003,
    /// spec/004 — WSPIoctl for SAN service providers.
    #[value(name = "004")]
    Doc004,
    /// spec/observed-windows.md.
    Observed,
    /// The Windows SDK headers only.
    Sdk,
}

impl SourceArg {
    /// The library's source.
    pub fn source(self) -> Source {
        match self {
            Self::Doc000 => Source::Doc000,
            Self::Doc001 => Source::Doc001,
            Self::Doc002 => Source::Doc002,
            Self::Doc003 => Source::Doc003,
            Self::Doc004 => Source::Doc004,
            Self::Observed => Source::Observed,
            Self::Sdk => Source::Sdk,
        }
    }
}

/// `--support`: the current Windows TCP/IP provider's support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SupportArg {
    /// Implemented by the TCP/IP provider.
    Supported,
    /// Answered as not supported.
    Unsupported,
    /// Handled by ws2_32 or mswsock above the provider.
    ApiLayer,
    /// Only on another platform or provider.
    Other,
    /// No source records the TCP/IP provider's answer.
    Unrecorded,
}

impl SupportArg {
    /// The library's support level.
    pub fn support(self) -> Support {
        match self {
            Self::Supported => Support::Supported,
            Self::Unsupported => Support::Unsupported,
            Self::ApiLayer => Support::ApiLayer,
            Self::Other => Support::OtherProvider,
            Self::Unrecorded => Support::Unrecorded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_bases() {
        assert_eq!(parse_number("0x98000004", "v", u32::MAX), Ok(0x9800_0004));
        assert_eq!(parse_number("0X9800_0004", "v", u32::MAX), Ok(0x9800_0004));
        assert_eq!(parse_number("2550136836", "v", u32::MAX), Ok(0x9800_0004));
        assert_eq!(parse_number("0", "v", 0), Ok(0));
    }

    #[test]
    fn malformed_numbers_are_named() {
        for text in ["", "0x", "98000004h", "12ab", "0xZZ", "-1", "1.5", "_"] {
            assert_eq!(
                parse_number(text, "v", u32::MAX),
                Err(UsageError::BadNumber {
                    text: text.to_string(),
                    expected: NUMBER
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ranges_are_checked() {
        assert_eq!(parse_family("0x7ff"), Ok(0x7ff));
        assert!(matches!(
            parse_family("2048"),
            Err(UsageError::OutOfRange {
                value: 2048,
                max: 0x7ff,
                ..
            })
        ));
        assert_eq!(parse_code("65535"), Ok(0xffff));
        assert!(matches!(
            parse_code("0x10000"),
            Err(UsageError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_number("0x1_0000_0000", "v", u32::MAX),
            Err(UsageError::OutOfRange {
                value: 0x1_0000_0000,
                ..
            })
        ));
        let Err(UsageError::Other(m)) = parse_number("99999999999999999999999", "v", 7) else {
            panic!("a number wider than 64 bits is out of range");
        };
        assert_eq!(m, "v = 99999999999999999999999 is out of range (at most 7)");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("SIO_KEEPALIVE_VALS"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("SIO-X"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn kind_args_map_to_t() {
        for (arg, t) in [
            (KindArg::Unix, 0),
            (KindArg::Ws2, 1),
            (KindArg::Protocol, 2),
            (KindArg::Vendor, 3),
        ] {
            assert_eq!(arg.kind().bits(), t);
        }
    }

    #[test]
    fn source_args_use_the_library_labels() {
        for arg in SourceArg::value_variants() {
            let name = arg.to_possible_value().unwrap();
            assert_eq!(name.get_name(), arg.source().label());
        }
    }
}
