//! The addresses of the current-version stamp: `url` in `[document]`, where
//! the latest version always is, and `release-url`, each release's own
//! address with `{version}` where its version goes.

/// The most characters `url` and `release-url` may have. The QR code of a
/// longer address has modules too small to scan from a 2.5 cm print.
pub const MAX_CHARS: usize = 120;

/// Where the version goes in `release-url`.
pub const VERSION_PLACEHOLDER: &str = "{version}";

/// Why `url` cannot be the stamp's address, or `Ok`. An address is
/// `https://`, a host name with a dot (or `localhost`), and only characters
/// an address may show as printed: no blanks, controls, bidi controls, quotes
/// or angle brackets. `braces` allows `{` and `}` (`release-url` holds
/// `{version}`).
pub fn check(url: &str, braces: bool) -> Result<(), String> {
    if url.chars().count() > MAX_CHARS {
        return Err(format!(
            "it has {} characters, more than {MAX_CHARS}",
            url.chars().count()
        ));
    }
    if let Some(c) = url.chars().find(|&c| !printable(c, braces)) {
        return Err(format!(
            "it holds {}, which an address cannot show as printed",
            describe(c)
        ));
    }
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(if url.starts_with("http://") {
            "it is `http://`; the stamp links only to `https://` addresses".into()
        } else {
            "it does not start with `https://`".into()
        });
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.rsplit('@').next().unwrap_or("");
    if host.contains('@') || host_name.is_empty() {
        return Err("it names no host (`https://www.example.org/faq`)".into());
    }
    let name = host_name.split(':').next().unwrap_or("");
    let dotted = name.contains('.') && !name.starts_with('.') && !name.ends_with('.');
    if !dotted && name != "localhost" {
        return Err(format!(
            "`{name}` is not a host name such as `www.example.org`"
        ));
    }
    Ok(())
}

fn printable(c: char, braces: bool) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || crate::terminal::is_hostile(c)
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}')
        || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '|')
        || (!braces && matches!(c, '{' | '}')))
}

fn describe(c: char) -> String {
    if c == ' ' {
        "a space (write it as %20)".into()
    } else if c.is_whitespace() || c.is_control() || !c.is_ascii() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// The address as the footer shows it: without `https://` and a final `/`.
pub fn short(url: &str) -> &str {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    rest.strip_suffix('/').unwrap_or(rest)
}

/// `release-url` with the version filled in, percent-encoded where it holds
/// a character an address does not keep as it is (a space, say).
pub fn pinned(template: &str, version: &str) -> String {
    let mut encoded = String::with_capacity(version.len());
    for byte in version.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    template.replace(VERSION_PLACEHOLDER, &encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_with_a_host_pass() {
        for good in [
            "https://www.example.com/faq",
            "https://example.com",
            "https://localhost:8080/faq/",
            "https://faq.example.org/v?x=1#top",
            "https://bücher.example/faq",
        ] {
            assert_eq!(check(good, false), Ok(()), "{good}");
        }
        assert_eq!(
            check("https://example.com/faq-v{version}.pdf", true),
            Ok(())
        );
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for (bad, why) in [
            ("http://example.com/faq", "http://"),
            ("www.example.com", "https://"),
            ("https://", "no host"),
            ("https:///faq", "no host"),
            ("https://user@example.com/", "no host"),
            ("https://intranet/faq", "not a host name"),
            ("https://example.com/a b", "a space"),
            ("https://example.com/\u{1b}[2J", "U+001B"),
            ("https://example.com/\u{202e}fdp", "U+202E"),
            ("https://example.com/\"x\"", "`\"`"),
            ("https://example.com/{version}", "`{`"),
        ] {
            let err = check(bad, false).expect_err(bad);
            assert!(err.contains(why), "{bad}: {err}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_CHARS));
        assert!(check(&long, false).unwrap_err().contains("more than 120"));
    }

    #[test]
    fn the_short_form_drops_the_scheme_and_a_final_slash() {
        assert_eq!(short("https://www.example.com/faq/"), "www.example.com/faq");
        assert_eq!(short("https://example.com"), "example.com");
    }

    #[test]
    fn versions_are_encoded_into_the_pinned_address() {
        let t = "https://example.com/faq-v{version}.pdf";
        assert_eq!(pinned(t, "6.0"), "https://example.com/faq-v6.0.pdf");
        assert_eq!(
            pinned(t, "2.0 beta+1"),
            "https://example.com/faq-v2.0%20beta%2B1.pdf"
        );
        assert_eq!(pinned(t, "ä"), "https://example.com/faq-v%C3%A4.pdf");
    }
}
